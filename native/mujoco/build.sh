#!/usr/bin/env bash
# native/mujoco/build.sh: the MuJoCo shim, kernels/build/mujoco/libmbrl4j_mujoco.so, from
# native/mujoco/mbrl4j_mujoco.c with gcc against Debian's MuJoCo 2.2.2 headers (/usr/include/mujoco).
# Called by ../../native-build.sh after scripts/install-mujoco.sh. Rebuilds only when the source or
# this script is newer than the library. Without gcc or the headers it says so and exits 0: the
# MuJoCo tasks are then unavailable (their message names the library searched for).
set -euo pipefail

cd "$(dirname "$0")/../.."

readonly SRC=native/mujoco/mbrl4j_mujoco.c
readonly OUT_DIR=kernels/build/mujoco
readonly LIB=$OUT_DIR/libmbrl4j_mujoco.so
readonly CC=${CC:-gcc}

if ! command -v "$CC" >/dev/null 2>&1; then
    echo "mujoco shim: $CC not found; skipping (the MuJoCo tasks will be unavailable)"
    exit 0
fi
if [[ ! -f /usr/include/mujoco/mujoco.h ]]; then
    echo "mujoco shim: /usr/include/mujoco/mujoco.h not found (libmujoco-dev); skipping (the MuJoCo tasks will be unavailable)"
    exit 0
fi
if [[ -f $LIB && ! $SRC -nt $LIB && ! $0 -nt $LIB ]]; then
    echo "mujoco shim: $LIB up to date"
    exit 0
fi
mkdir -p "$OUT_DIR"
"$CC" -std=c11 -O2 -fPIC -shared -fvisibility=hidden -Wall -Wextra -Werror -o "$LIB.tmp" "$SRC" -lmujoco -ldl
mv "$LIB.tmp" "$LIB"
echo "mujoco shim: built $LIB"
