#!/usr/bin/env bash
# Copies the PlaNet-lite runs from RUN_ROOT (default /tmp/pl-run, see README.md) into this folder and
# draws the notebook's two plots per seed: seed<N>/{train.csv,eval.csv,config.yaml,eval-10-episodes.txt}
# and planet-lite-seed<N>.png.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="${1:-/tmp/pl-run}"
java="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
for seed in 1 2 3; do
    run="$root/runs/pendulum/planet-lite/seed$seed"
    [ -f "$run/train.csv" ] || { echo "seed $seed: no $run/train.csv yet"; continue; }
    mkdir -p "$here/seed$seed"
    cp "$run/train.csv" "$run/config.yaml" "$here/seed$seed/"
    [ -f "$run/eval.csv" ] && cp "$run/eval.csv" "$here/seed$seed/"
    [ -f "$root/eval-seed$seed.log" ] && grep -v '^WARNING' "$root/eval-seed$seed.log" > "$here/seed$seed/eval-10-episodes.txt"
    "$java" "$here/NotebookPlots.java" "$here/seed$seed/train.csv" "$here/planet-lite-seed$seed.png" \
        "PlaNet-lite on Pendulum-v1, seed $seed (the notebook's plots)"
    echo "seed $seed: $(tail -n 1 "$here/seed$seed/train.csv" | cut -d, -f1) steps logged"
done
