#!/usr/bin/env bash
# Usage: collect.sh RUN_ROOT [DEST]
# Copies the two PlaNet runs (seeds 1, 2) from RUN_ROOT/runs/pendulum/planet-cpu into DEST (a folder of this
# one; default: this folder itself, where the first preset's runs are), evaluates each final checkpoint over
# 10 episodes with the open-loop figure and a GIF (the two seeds side by side), measures the random policy
# over 100 episodes unless random-policy.txt exists, and draws the evaluation curves of every preset in
# this folder against the random policy and against TD-MPC2 from state (results/pendulum-cpu-t2).
#   first preset:   collect.sh /work/runs/planet-1f0adf2
#   current preset: collect.sh /work/runs/pn-486c1f2 free-nats-1
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
root="${1:?usage: collect.sh RUN_ROOT [DEST]}"
dest="$here/${2:-.}"
java="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
cd "$repo"
for seed in 1 2; do
    run="$root/runs/pendulum/planet-cpu/seed$seed"
    mkdir -p "$dest/seed$seed"
    cp "$run/train.csv" "$run/eval.csv" "$run/config.yaml" "$dest/seed$seed/"
    ./mbrl eval "$run/checkpoints/final.safetensors" episodes=10 figure=true video=true \
        figure_dir="$dest/seed$seed" video_dir="$dest/seed$seed" 2>&1 | grep -v '^WARNING' > "$dest/seed$seed/eval-10-episodes.txt" &
done
wait
if [ ! -f "$here/random-policy.txt" ]; then
    "$java" --enable-native-access=ALL-UNNAMED -cp "target/mbrl4j.jar:target/lib/*" "$here/RandomPolicyReturns.java" \
        pendulum 2 100 "$here/random-policy/eval.csv" 16000 > "$here/random-policy.txt"
fi
groups=()
if [ -f "$here/free-nats-1/seed1/eval.csv" ]; then
    groups+=(--group "PlaNet, 64x64 pixels, cpu preset, free nats 1 (2 seeds)=$here/free-nats-1/seed1/eval.csv,$here/free-nats-1/seed2/eval.csv")
fi
groups+=(--group "PlaNet, 64x64 pixels, first cpu preset, free nats 3 (2 seeds)=$here/seed1/eval.csv,$here/seed2/eval.csv")
./mbrl plot "$here/planet-vs-random-vs-tdmpc2.png" "${groups[@]}" \
    --group "TD-MPC2, state, cpu preset (3 seeds)=$(ls results/pendulum-cpu-t2/pendulum/default/seed*/eval.csv | paste -sd,)" \
    --group "uniform random policy (100 episodes)=$here/random-policy/eval.csv" \
    --title "Pendulum-v1: PlaNet from pixels vs random vs TD-MPC2 from state"
