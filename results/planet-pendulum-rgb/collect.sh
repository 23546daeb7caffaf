#!/usr/bin/env bash
# Copies the two PlaNet runs from RUN_ROOT (default /work/runs/planet-1f0adf2, see README.md) into this
# folder, evaluates each final checkpoint over 10 episodes with the open-loop figure and a GIF, measures
# the random policy over 100 episodes, and draws the evaluation curves against the random policy and
# against TD-MPC2 from state (results/pendulum-cpu-t2).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
root="${1:-/work/runs/planet-1f0adf2}"
java="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
cd "$repo"
for seed in 1 2; do
    run="$root/runs/pendulum/planet-cpu/seed$seed"
    mkdir -p "$here/seed$seed"
    cp "$run/train.csv" "$run/eval.csv" "$run/config.yaml" "$here/seed$seed/"
    ./mbrl eval "$run/checkpoints/final.safetensors" episodes=10 figure=true video=true \
        figure_dir="$here/seed$seed" video_dir="$here/seed$seed" 2>&1 | grep -v '^WARNING' > "$here/seed$seed/eval-10-episodes.txt"
done
"$java" --enable-native-access=ALL-UNNAMED -cp "target/mbrl4j.jar:target/lib/*" "$here/RandomPolicyReturns.java" \
    pendulum 2 100 "$here/random-policy/eval.csv" 16000 > "$here/random-policy.txt"
./mbrl plot "$here/planet-vs-random-vs-tdmpc2.png" \
    --group "PlaNet, 64x64 pixels, cpu preset (2 seeds)=$here/seed1/eval.csv,$here/seed2/eval.csv" \
    --group "TD-MPC2, state, cpu preset (3 seeds)=$(ls results/pendulum-cpu-t2/pendulum/default/seed*/eval.csv | paste -sd,)" \
    --group "uniform random policy (100 episodes)=$here/random-policy/eval.csv" \
    --title "Pendulum-v1: PlaNet from pixels vs random vs TD-MPC2 from state"
