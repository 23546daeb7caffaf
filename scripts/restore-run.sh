#!/usr/bin/env bash
# Usage: restore-run.sh SAVED_DIR RUN_DIR
# The inverse of keep-run.sh: when RUN_DIR has no checkpoints/latest.safetensors but SAVED_DIR (a run kept under
# results/ unfinished) has one, copies its logs and latest checkpoint and replay buffer into RUN_DIR, so that
# `mbrl train checkpoint=RUN_DIR/checkpoints/latest.safetensors` resumes it. Otherwise does nothing.
set -euo pipefail
saved="${1:?usage: restore-run.sh SAVED_DIR RUN_DIR}"; run="${2:?usage: restore-run.sh SAVED_DIR RUN_DIR}"
if [ ! -f "$run/checkpoints/latest.safetensors" ] && [ -f "$saved/checkpoints/latest.safetensors.gz" ]; then
    mkdir -p "$run/checkpoints"
    cp "$saved"/train.csv "$saved"/eval.csv "$saved"/config.yaml "$run/"
    cp "$saved"/checkpoints/latest.* "$run/checkpoints/"
    gunzip -f "$run/checkpoints/latest.safetensors.gz"
    echo "restore-run.sh: restored $saved into $run" >&2
fi
