#!/usr/bin/env bash
# scripts/install-mujoco.sh: makes sure Debian's MuJoCo 2.2.2 (libmujoco-dev: the headers, and
# libmujoco2.2.2: libmujoco.so.2.2.2) and OSMesa (libosmesa6: software OpenGL for MuJoCo's off-screen
# renderer) are installed, for the env.mujoco provider and its shim.
# Called by native-build.sh and .ci/run. Idempotent: does nothing when the header and the library are
# present. Installs with apt-get when running as root; otherwise prints the exact command and exits 0
# (the classic tasks work without MuJoCo). MBRL_MUJOCO_INSTALL=0 skips the install attempt.
set -euo pipefail

readonly PACKAGES=(libmujoco-dev libosmesa6)
readonly HEADER=/usr/include/mujoco/mujoco.h
readonly COMMAND="apt-get update && apt-get install -y ${PACKAGES[*]}"

installed() {
    [[ -f $HEADER ]] && ldconfig -p 2>/dev/null | grep 'libmujoco\.so\.2\.2\.2' >/dev/null \
        && ldconfig -p 2>/dev/null | grep 'libOSMesa\.so\.8' >/dev/null
}

if installed; then
    echo "install-mujoco: MuJoCo 2.2.2 and OSMesa present ($HEADER, libmujoco.so.2.2.2, libOSMesa.so.8)"
    exit 0
fi
if [[ ${MBRL_MUJOCO_INSTALL:-1} == 0 ]]; then
    echo "install-mujoco: MuJoCo 2.2.2 or OSMesa missing; MBRL_MUJOCO_INSTALL=0, not installing. To install: $COMMAND"
    exit 0
fi
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-mujoco: MuJoCo 2.2.2 or OSMesa missing and this is not root with apt-get; the MuJoCo tasks stay unavailable." >&2
    echo "install-mujoco: to install (Debian 12 / Ubuntu 23.04+): sudo sh -c '$COMMAND'" >&2
    exit 0
fi
echo "install-mujoco: installing ${PACKAGES[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq "${PACKAGES[@]}" >/dev/null; }; then
    echo "install-mujoco: apt-get failed; the MuJoCo tasks stay unavailable. To retry: $COMMAND" >&2
    exit 0
fi
installed && echo "install-mujoco: MuJoCo 2.2.2 and OSMesa installed" \
    || echo "install-mujoco: apt-get ran but $HEADER, libmujoco.so.2.2.2 or libOSMesa.so.8 is still missing" >&2
