#!/usr/bin/env bash
# Copies the PlaNet-lite runs from RUN_ROOT (default /tmp/pl-run, see README.md) into OUT (default this
# folder) and draws the notebook's two plots per seed: seed<N>/{train.csv,eval.csv,config.yaml,
# eval-10-episodes.txt} and planet-lite-seed<N>.png.  usage: [LABEL=text] collect.sh [RUN_ROOT [OUT]]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="${1:-/tmp/pl-run}"
out="${2:-$here}"
java="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
for seed in 1 2 3; do
    run="$root/runs/pendulum/planet-lite/seed$seed"
    [ -f "$run/train.csv" ] || { echo "seed $seed: no $run/train.csv yet"; continue; }
    mkdir -p "$out/seed$seed"
    cp "$run/train.csv" "$run/config.yaml" "$out/seed$seed/"
    [ -f "$run/eval.csv" ] && cp "$run/eval.csv" "$out/seed$seed/"
    [ -f "$root/eval-seed$seed.log" ] && grep -v '^WARNING' "$root/eval-seed$seed.log" > "$out/seed$seed/eval-10-episodes.txt"
    "$java" "$here/NotebookPlots.java" "$out/seed$seed/train.csv" "$out/planet-lite-seed$seed.png" \
        "PlaNet-lite${LABEL:+ ($LABEL)} on Pendulum-v1, seed $seed (the notebook's plots)"
    echo "seed $seed: $(tail -n 1 "$out/seed$seed/train.csv" | cut -d, -f1) steps logged"
done
