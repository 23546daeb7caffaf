#!/usr/bin/env bash
# Usage: run.sh RUN_ROOT TASK SEED      (TASK: cartpole-swingup | walker-walk)
# TD-MPC2 on dmc-TASK at the cpu preset, one thread: 50,000 agent steps = 100,000 env steps (action repeat 2),
# 5 evaluation episodes every 5,000 agent steps, cpu_fast_math, a checkpoint every 2,500 agent steps.
# Resumes from RUN_ROOT's latest checkpoint; with none there but one committed here (TASK/seedN/checkpoints/,
# a run a session had to leave unfinished), restores that run's folder into RUN_ROOT first and resumes it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
root="$(mkdir -p "${1:?usage: run.sh RUN_ROOT TASK SEED}" && cd "$1" && pwd)"
task="${2:?TASK}"; seed="${3:?SEED}"
run="$root/dmc-$task/tdmpc2-cpu/seed$seed"
saved="$here/$task/seed$seed"
"$repo/scripts/restore-run.sh" "$saved" "$run"
ck=()
[ -f "$run/checkpoints/latest.safetensors" ] && ck=(checkpoint="$run/checkpoints/latest.safetensors")
cd "$repo"
MBRL_JAVA_OPTS="${MBRL_JAVA_OPTS:--Dmbrl.cpu.threads=1}" exec ./mbrl train task="dmc-$task" action_repeat=2 steps=50000 \
    eval_freq=5000 eval_episodes=5 log_every=500 checkpoint_every=2500 cpu_fast_math=true work_dir="$root" \
    exp_name=tdmpc2-cpu seed="$seed" "${ck[@]}"
