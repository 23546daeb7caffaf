#!/usr/bin/env bash
# Usage: keep-run.sh RUN_DIR DEST_DIR
# Copies one training run's logs (train.csv, eval.csv, config.yaml) into DEST_DIR, a folder under results/ that is
# committed. A finished run (checkpoints/final.safetensors) is marked with DEST_DIR/finished; an unfinished one
# also keeps its latest checkpoint and replay buffer (checkpoints/latest.*, a few MB) so that restore-run.sh can
# bring it back and a later session resume it. Fails when git would ignore a kept checkpoint (it would be lost).
set -euo pipefail
run="${1:?usage: keep-run.sh RUN_DIR DEST_DIR}"; dest="${2:?usage: keep-run.sh RUN_DIR DEST_DIR}"
mkdir -p "$dest"
cp "$run/train.csv" "$run/eval.csv" "$run/config.yaml" "$dest/"
rm -rf "$dest/checkpoints"
if [ -f "$run/checkpoints/final.safetensors" ]; then
    touch "$dest/finished"
    exit 0
fi
rm -f "$dest/finished"
mkdir -p "$dest/checkpoints"
cp "$run"/checkpoints/latest.* "$dest/checkpoints/"
for f in "$dest"/checkpoints/*; do
    if git -C "$dest" check-ignore -q "$(cd "$(dirname "$f")" && pwd)/$(basename "$f")" 2>/dev/null; then
        echo "keep-run.sh: $f is ignored by git (.gitignore), so the unfinished run could not be committed and resumed" >&2
        exit 1
    fi
done
