#!/usr/bin/env bash
# native-build.sh: compiles kernels/*.cu to PTX for sm_80 and sm_90 and checks each PTX with ptxas,
# and (with g++, no nvcc needed) to the host emulator library kernels/build/emu/libmbrl4j_emu.so, and
# (with gcc and MuJoCo 2.2.2, installed by scripts/install-mujoco.sh when missing) the MuJoCo shim
# kernels/build/mujoco/libmbrl4j_mujoco.so.
#
#   ./native-build.sh            incremental: rebuilds a .cu whose PTX is older than it, than any
#                                kernels/*.cuh, or than this script, or built with other flags
#   ./native-build.sh --clean    removes kernels/build first
#   ./native-build.sh --verbose  also prints registers / spills / shared memory per entry point
#
# Output (packaged by pom.xml into the jar under /ptx):
#   kernels/build/ptx/<name>.sm_80.ptx, <name>.sm_90.ptx (each stamped with the lowest PTX ISA that
#   assembles, see PTX_ISA_CANDIDATES), MANIFEST (format_version=1)
# Logs (not packaged): kernels/build/log/<name>.sm_XX.ptxas.txt (ptxas -v), entries.tsv (table).
#
# Precision: precise math everywhere (no --use_fast_math: the kernels promise parity with the Java
# CPU backend, see each kernel header's Tolerance). FMA contraction stays on; kernels that promise
# bit-exact results use __fmul_rn/__fadd_rn where it matters.
set -euo pipefail

cd "$(dirname "$0")"

readonly MANIFEST_FORMAT_VERSION=1
readonly KERNEL_DIR=kernels
readonly BUILD_DIR=kernels/build
readonly PTX_DIR=$BUILD_DIR/ptx
readonly LOG_DIR=$BUILD_DIR/log
readonly ARCHS=(80 90)
# -lineinfo keeps source lines for Nsight without changing code generation.
readonly NVCC_FLAGS=(-ptx -std=c++17 -O3 -lineinfo --ftz=false --prec-div=true --prec-sqrt=true --fmad=true)

clean=0
verbose=0
for arg in "$@"; do
    case "$arg" in
        --clean) clean=1 ;;
        --verbose | -v) verbose=1 ;;
        -h | --help)
            sed -n '2,16p' "$0"
            exit 0
            ;;
        *)
            echo "native-build.sh: unknown argument '$arg' (expected --clean, --verbose)" >&2
            exit 2
            ;;
    esac
done

# ---- host emulator (kernels/emu/README.md) -----------------------------------------------------------
# Every kernels/*.cu, unmodified, compiled by g++ with kernels/emu's shim into
# kernels/build/emu/libmbrl4j_emu.so: the device=cuda-emulated backend the test suite runs. Needs g++,
# not nvcc, so it is built before the nvcc check. --clean empties kernels/build here, once, so the PTX
# part below does not delete the library just built.
if [[ $clean -eq 1 ]]; then
    rm -rf "$BUILD_DIR"
    clean=0
fi
if command -v "${CXX:-g++}" >/dev/null 2>&1; then
    kernels/emu/build.sh
else
    echo "g++ not found: skipping the CUDA host emulator (kernels/emu); the emulator tests will fail without it"
fi

# ---- MuJoCo shim (native/mujoco, env.mujoco) -------------------------------------------------------
# Installs Debian's MuJoCo 2.2.2 when missing and this is root (else prints the apt-get command), then
# builds kernels/build/mujoco/libmbrl4j_mujoco.so with gcc. Neither step fails the build: without
# MuJoCo the classic tasks still work. MBRL_MUJOCO_INSTALL=0 skips the install attempt.
scripts/install-mujoco.sh
native/mujoco/build.sh

if ! command -v nvcc >/dev/null 2>&1; then
    echo "nvcc not found: skipping CUDA kernels; the CPU backend still builds"
    exit 0
fi
if ! command -v ptxas >/dev/null 2>&1; then
    echo "native-build.sh: nvcc found but ptxas is not on PATH; add the CUDA bin directory to PATH" >&2
    exit 1
fi

if [[ $clean -eq 1 ]]; then
    rm -rf "$BUILD_DIR"
fi
mkdir -p "$PTX_DIR" "$LOG_DIR"

nvcc_version=$(nvcc --version | sed -n 's/.*release [0-9.]*, V\([0-9.]*\).*/\1/p')
flags_stamp="nvcc ${nvcc_version} ${NVCC_FLAGS[*]} archs ${ARCHS[*]}"
stamp_file=$BUILD_DIR/flags.txt
if [[ ! -f $stamp_file || "$(cat "$stamp_file")" != "$flags_stamp" ]]; then
    rm -f "$PTX_DIR"/*.ptx "$LOG_DIR"/*.ptxas.txt
fi

shopt -s nullglob
sources=("$KERNEL_DIR"/*.cu)
headers=("$KERNEL_DIR"/*.cuh)
if [[ ${#sources[@]} -eq 0 ]]; then
    echo "native-build.sh: no kernels/*.cu found" >&2
    exit 1
fi

# Remove PTX whose source is gone, so the bundle and MANIFEST list only live kernels.
for ptx in "$PTX_DIR"/*.ptx; do
    base=$(basename "$ptx")
    [[ -f "$KERNEL_DIR/${base%%.*}.cu" ]] || rm -f "$ptx" "$LOG_DIR/${base%.ptx}.ptxas.txt"
done

# True when $1 is missing or older than the source, any header, or this script.
needs_build() {
    local out=$1 src=$2 dep
    [[ -f $out ]] || return 0
    for dep in "$src" "${headers[@]}" "$0"; do
        [[ $dep -nt $out ]] && return 0
    done
    return 1
}

fail() {
    local what=$1 file=$2 log=$3
    echo "" >&2
    echo "native-build.sh: FAILED to $what $file" >&2
    echo "---------------------------------------------------------------------" >&2
    cat "$log" >&2
    echo "---------------------------------------------------------------------" >&2
    exit 1
}

# PTX ISA stamping. nvcc writes its own ISA version (.version 9.0 for nvcc 13.0), which only an R580+
# driver's JIT reads. Each PTX is restamped with the lowest version in this list that ptxas accepts
# for its target (sm_80 needs 7.0, sm_90 7.8; a kernel using a newer instruction would need more, and
# $LOG_DIR/<name>.sm_XX.isa.txt says which version was refused and why), so drivers from CUDA 11.0
# (sm_80) and 11.8 (sm_90) on can load it. Only the .version line changes: ptxas emits the same
# machine code for every accepted version (checked for all 28 PTX with nvcc 13.0: only the embedded
# PTX text differs). MANIFEST records the version per file.
readonly PTX_ISA_CANDIDATES=(7.0 7.1 7.2 7.3 7.4 7.5 7.6 7.7 7.8 8.0 8.1 8.2 8.3 8.4 8.5 8.6 8.7 8.8 9.0)

# Rewrites the .version of $1 (sm_$2) to the lowest accepted candidate, at most nvcc's own; leaves
# the accepted ptxas -v output in $tmp_log and the refusals in $3. Fails (log of the last try in
# $tmp_log) when even nvcc's own version does not assemble.
stamp_lowest_isa() {
    local ptx=$1 arch=$2 refusals=$3 native v
    native=$(sed -n 's/^\.version \([0-9][0-9.]*\)$/\1/p' "$ptx" | head -1)
    : >"$refusals"
    for v in "${PTX_ISA_CANDIDATES[@]}" "$native"; do
        [[ $(printf '%s\n%s\n' "$v" "$native" | sort -V | head -1) == "$v" ]] || continue
        sed "s/^\.version .*/.version $v/" "$ptx" >"$ptx.isa"
        if ptxas -arch="sm_$arch" -v "$ptx.isa" -o /dev/null >"$tmp_log" 2>&1; then
            mv "$ptx.isa" "$ptx"
            return 0
        fi
        echo "$v: $(grep -m1 -i error "$tmp_log")" >>"$refusals"
    done
    rm -f "$ptx.isa"
    return 1
}

rebuilt=0
up_to_date=0
tmp_log=$(mktemp)
trap 'rm -f "$tmp_log"' EXIT

for src in "${sources[@]}"; do
    name=$(basename "$src" .cu)
    built_any=0
    for arch in "${ARCHS[@]}"; do
        ptx=$PTX_DIR/$name.sm_$arch.ptx
        ptxas_log=$LOG_DIR/$name.sm_$arch.ptxas.txt
        if ! needs_build "$ptx" "$src" && [[ -f $ptxas_log ]]; then
            continue
        fi
        built_any=1
        rm -f "$ptx" "$ptxas_log"  # a failed build leaves no stale PTX behind to be packaged
        if ! nvcc "${NVCC_FLAGS[@]}" --gpu-architecture="compute_$arch" -I"$KERNEL_DIR" "$src" -o "$ptx.tmp" \
            >"$tmp_log" 2>&1; then
            rm -f "$ptx.tmp"
            fail "compile (nvcc, compute_$arch)" "$src" "$tmp_log"
        fi
        if [[ -s $tmp_log ]]; then
            echo "native-build.sh: warnings from nvcc for $src (compute_$arch):" >&2
            cat "$tmp_log" >&2
        fi
        if ! stamp_lowest_isa "$ptx.tmp" "$arch" "$LOG_DIR/$name.sm_$arch.isa.txt"; then
            rm -f "$ptx.tmp"
            fail "assemble (ptxas -arch=sm_$arch)" "$src" "$tmp_log"
        fi
        if grep -qi "warning" "$tmp_log"; then
            echo "native-build.sh: warnings from ptxas for $src (sm_$arch):" >&2
            grep -i "warning" "$tmp_log" >&2
        fi
        mv "$ptx.tmp" "$ptx"
        cp "$tmp_log" "$ptxas_log"
    done
    if [[ $built_any -eq 1 ]]; then
        rebuilt=$((rebuilt + 1))
    else
        up_to_date=$((up_to_date + 1))
    fi
done
echo "$flags_stamp" >"$stamp_file"

# Per-entry table from the ptxas -v logs: entry, arch, registers, spill bytes (stores+loads), smem.
table=$LOG_DIR/entries.tsv
printf 'entry\tarch\tregisters\tspill_stores\tspill_loads\tsmem_bytes\tfile\n' >"$table"
for log in "$LOG_DIR"/*.ptxas.txt; do
    file=$(basename "$log" .ptxas.txt)
    awk -v file="$file" '
        /Compiling entry function/ { match($0, /'"'"'[^'"'"']+'"'"'/); entry = substr($0, RSTART + 1, RLENGTH - 2);
                                     match($0, /for '"'"'sm_[0-9]+/); arch = substr($0, RSTART + 5, RLENGTH - 5);
                                     stores = 0; loads = 0 }
        /bytes spill stores/        { stores = $5; loads = $9 }
        /Used [0-9]+ registers/     { match($0, /Used [0-9]+ registers/); regs = substr($0, RSTART + 5, RLENGTH - 15);
                                      smem = 0; if (match($0, /[0-9]+ bytes smem/)) smem = substr($0, RSTART, RLENGTH - 11);
                                      printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", entry, arch, regs, stores, loads, smem, file }
    ' "$log" >>"$table"
done

# MANIFEST: format version, toolchain, and every PTX with its checksum.
manifest=$PTX_DIR/MANIFEST
{
    echo "# mbrl4j PTX bundle, written by native-build.sh; regenerate with ./native-build.sh"
    echo "format_version=$MANIFEST_FORMAT_VERSION"
    echo "nvcc_version=$nvcc_version"
    echo "nvcc_flags=${NVCC_FLAGS[*]}"
    echo "archs=$(printf 'sm_%s,' "${ARCHS[@]}" | sed 's/,$//')"
    # the highest ISA per target: what the driver must read (PtxIsa.java maps it to a CUDA release)
    for arch in "${ARCHS[@]}"; do
        sed -n 's/^\.version //p' "$PTX_DIR"/*.sm_"$arch".ptx | sort -V | tail -1 | sed "s/^/sm_$arch:/"
    done | paste -sd, - | sed 's/^/ptx_isa=/'
    for ptx in "$PTX_DIR"/*.ptx; do
        echo "ptx=$(basename "$ptx") isa=$(sed -n 's/^\.version //p' "$ptx" | head -1) sha256=$(sha256sum "$ptx" | cut -d' ' -f1)"
    done
} >"$manifest"

entries=$(awk -F'\t' 'NR > 1 && $2 == "sm_90" { n++ } END { print n + 0 }' "$table")
max_regs=$(awk -F'\t' 'NR > 1 && $3 + 0 > best { best = $3 + 0; who = $1 " " $2 } END { print best " (" who ")" }' "$table")
spills=$(awk -F'\t' 'NR > 1 && ($4 + $5) > 0 { printf "%s%s %s %s+%s B", sep, $1, $2, $4, $5; sep = ", " }' "$table")
ptx_count=$(find "$PTX_DIR" -name '*.ptx' | wc -l)
echo "native-build: ${#sources[@]} kernel files -> ${ptx_count} PTX (rebuilt ${rebuilt}, up to date ${up_to_date}), ${entries} entry points; max registers ${max_regs}; spills: ${spills:-none}; $(grep '^ptx_isa=' "$manifest")"
if [[ $verbose -eq 1 ]]; then
    column -t -s $'\t' "$table" 2>/dev/null || cat "$table"
fi
