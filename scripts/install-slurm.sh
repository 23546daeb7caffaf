#!/usr/bin/env bash
# scripts/install-slurm.sh: makes sure Debian's Slurm (slurmctld, slurmd, the client commands sbatch, squeue,
# scancel, sinfo from slurm-client) and MUNGE (munge: munged and its key /etc/munge/munge.key) are installed,
# for the test that runs a sweep on a real single-node Slurm (src/test/java/org/mbrl4j/cli/sweep/SlurmClusterTest;
# docs/sweeps.md#testing). It installs only; the test starts and stops its own daemons.
# Called by .ci/run. Idempotent: does nothing when the commands are present. Installs with apt-get when
# running as root; otherwise prints the exact command and exits 0 (the test is then skipped, loudly).
# MBRL_SLURM_INSTALL=0 skips the install attempt.
set -euo pipefail

readonly PACKAGES=(slurmctld slurmd slurm-client munge)
readonly COMMANDS=(slurmctld slurmd sbatch squeue scancel sinfo munged munge)
readonly COMMAND="apt-get update && apt-get install -y ${PACKAGES[*]}"

missing() {
    local c
    for c in "${COMMANDS[@]}"; do
        command -v "$c" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "$c" >/dev/null 2>&1 || echo "$c"
    done
    [[ -f /etc/munge/munge.key ]] || echo "/etc/munge/munge.key"
}

gone="$(missing | tr '\n' ' ')"
if [[ -z $gone ]]; then
    echo "install-slurm: Slurm $(dpkg-query -W -f '${Version}' slurm-client 2>/dev/null || echo '(version unknown)') and MUNGE present (${COMMANDS[*]})"
    exit 0
fi
if [[ ${MBRL_SLURM_INSTALL:-1} == 0 ]]; then
    echo "install-slurm: missing $gone; MBRL_SLURM_INSTALL=0, not installing. To install: $COMMAND"
    exit 0
fi
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-slurm: missing $gone and this is not root with apt-get; the Slurm test will be skipped." >&2
    echo "install-slurm: to install (Debian 12 / Ubuntu 22.04+): sudo sh -c '$COMMAND'" >&2
    exit 0
fi
echo "install-slurm: installing ${PACKAGES[*]} with apt-get (missing: $gone)"
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq "${PACKAGES[@]}" >/dev/null; }; then
    echo "install-slurm: apt-get failed; the Slurm test will be skipped. To retry: $COMMAND" >&2
    exit 0
fi
gone="$(missing | tr '\n' ' ')"
if [[ -z $gone ]]; then
    echo "install-slurm: Slurm $(dpkg-query -W -f '${Version}' slurm-client 2>/dev/null || echo '(version unknown)') and MUNGE installed"
else
    echo "install-slurm: apt-get ran but $gone is still missing" >&2
fi
