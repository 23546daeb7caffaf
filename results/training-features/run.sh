#!/usr/bin/env bash
# Usage: run.sh RUN_ROOT online NAME SEED [key=value...]   a Pendulum-v1 run, launched or resumed from its latest checkpoint
#        run.sh RUN_ROOT offline SEED                       offline training on the replay of online run utd1, same seed
# The protocol of every run here: TD-MPC2 at the cpu preset, 20,000 agent steps (offline: gradient iterations),
# 5 evaluation episodes every 2,000, cpu_fast_math, one thread. Experiments (NAME and overrides):
#   utd1  (none)                          utd2  utd=2
#   snp   reset_every=5000 reset_components=encoder,dynamics,reward,pi,q reset_alpha=0.8 reset_beta=0.2
# The offline dataset is RUN_ROOT/datasets/utd1-seed<SEED>.safetensors, exported from the finished utd1 run
# when missing (datasets/ here holds the ones this folder's offline runs used). A run left unfinished by a session
# and committed here with its checkpoint (collect.sh) is restored into RUN_ROOT and resumed.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
root="$(mkdir -p "${1:?usage: run.sh RUN_ROOT online NAME SEED [key=value...] | run.sh RUN_ROOT offline SEED}" && cd "$1" && pwd)"
mode="${2:?online or offline}"
shift 2
export MBRL_JAVA_OPTS="${MBRL_JAVA_OPTS:--Dmbrl.cpu.threads=1}"
common=(steps=20000 eval_freq=2000 eval_episodes=5 log_every=500 checkpoint_every=2000 cpu_fast_math=true work_dir="$root")
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The checkpoint argument for the run in folder $1 (<root>/pendulum/<exp>/seed<N>): its latest checkpoint; with
# none there but one committed here (a run a session had to leave unfinished), that run's folder restored first.
resume() {
    "$repo/scripts/restore-run.sh" "$here/pendulum/${1#"$root"/pendulum/}" "$1"
    [ -f "$1/checkpoints/latest.safetensors" ] && echo "checkpoint=$1/checkpoints/latest.safetensors" || true
}
cd "$repo"
case "$mode" in
    online)
        name="${1:?NAME}"; seed="${2:?SEED}"; shift 2
        ck="$(resume "$root/pendulum/$name/seed$seed")"
        exec ./mbrl train "${common[@]}" exp_name="$name" seed="$seed" ${ck:+"$ck"} "$@" ;;
    offline)
        seed="${1:?SEED}"
        dataset="$root/datasets/utd1-seed$seed.safetensors"
        if [ ! -f "$dataset" ] && [ -f "$here/datasets/utd1-seed$seed.safetensors" ]; then
            mkdir -p "$root/datasets"
            cp "$here/datasets/utd1-seed$seed.safetensors" "$dataset"
        elif [ ! -f "$dataset" ]; then
            mkdir -p "$root/datasets"
            ./mbrl export-buffer "$root/pendulum/utd1/seed$seed/checkpoints/final.safetensors" "$dataset"
        fi
        ck="$(resume "$root/pendulum/offline/seed$seed")"
        exec ./mbrl train trainer=offline dataset="$dataset" "${common[@]}" exp_name=offline seed="$seed" ${ck:+"$ck"} ;;
    *) echo "run.sh: mode '$mode': allowed online, offline" >&2; exit 2 ;;
esac
