#!/usr/bin/env bash
# Usage: keep-run.sh RUN_DIR DEST_DIR
# Copies one training run's logs (train.csv, eval.csv, config.yaml) into DEST_DIR, a folder under results/ that is
# committed. A finished run (checkpoints/final.safetensors) is marked with DEST_DIR/finished; an unfinished one
# also keeps its latest checkpoint (gzipped) and replay buffer (checkpoints/latest.*, a few MB) so that restore-run.sh can
# bring it back and a later session resume it; a run that has not logged a train.csv row yet keeps nothing. Fails
# when git would ignore a kept checkpoint (it would be lost).
#        keep-run.sh --state DEST_DIR   prints the kept run's state for a table: yes (finished), no: checkpoint kept,
#                                      no: logs only (stopped before its first checkpoint)
set -euo pipefail
if [ "${1:-}" = --state ]; then
    dest="${2:?usage: keep-run.sh --state DEST_DIR}"
    if [ -f "$dest/finished" ]; then echo yes
    elif [ -f "$dest/checkpoints/latest.safetensors.gz" ]; then echo "no: checkpoint kept"
    else echo "no: logs only"
    fi
    exit 0
fi
run="${1:?usage: keep-run.sh RUN_DIR DEST_DIR}"; dest="${2:?usage: keep-run.sh RUN_DIR DEST_DIR}"
if [ ! -f "$run/train.csv" ]; then
    echo "keep-run.sh: $run has not logged a training row yet: nothing kept" >&2
    exit 0
fi
mkdir -p "$dest"
cp "$run/train.csv" "$run/eval.csv" "$run/config.yaml" "$dest/"
rm -rf "$dest/checkpoints"
if [ -f "$run/checkpoints/final.safetensors" ]; then
    touch "$dest/finished"
    exit 0
fi
rm -f "$dest/finished"
if ! compgen -G "$run/checkpoints/latest.*" > /dev/null; then
    echo "keep-run.sh: $run has no checkpoint yet: only its logs kept (a later session starts it again)" >&2
    exit 0
fi
mkdir -p "$dest/checkpoints"
cp "$run"/checkpoints/latest.* "$dest/checkpoints/"
# the model checkpoint (parameters, Adam moments, targets) gzipped: 2.5 MB -> 1.9 MB at the cpu preset
gzip -9 -f "$dest/checkpoints/latest.safetensors"
for f in "$dest"/checkpoints/*; do
    if git -C "$dest" check-ignore -q "$(cd "$(dirname "$f")" && pwd)/$(basename "$f")" 2>/dev/null; then
        echo "keep-run.sh: $f is ignored by git (.gitignore), so the unfinished run could not be committed and resumed" >&2
        exit 1
    fi
done
