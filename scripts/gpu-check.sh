#!/usr/bin/env bash
# gpu-check.sh [JMH args...]: runs inside the unpacked mbrl4j-gpu bundle on the GPU machine (no Java
# or network needed there), in this order, each step logged under $OUT (default ./out):
#   1. env.txt        nvidia-smi, driver, the bundled java, where cuBLAS / NVTX were found
#   2. parity.log     the @Tag("gpu") suite of org.mbrl4j.backend.cuda (parity of every op family,
#                     graphs, device SPI), then the CPU-side CUDA tests (BundleScriptTest, a check of the
#                     repository's scripts, stays out); JUnit XML in reports.tar.gz
#   3. memcheck.log   compute-sanitizer --tool memcheck over the gpu parity suite, when present
#   4. jmh.log/.json  JMH with the given arguments, e.g.: CudaGemmBench -p mnk=4096x4096x4096 -f 1 -wi 2 -i 3
#   5. summary.txt    a short table, also printed last
# Environment: OUT, SUITE=gpu|cpu|all (default all: gpu then cpu), MEMCHECK=0 to skip it,
# PARITY_TIMEOUT / MEMCHECK_TIMEOUT / JMH_TIMEOUT in seconds (defaults 240 / 180 / 120, so the
# whole check fits the device tool's 10-minute command limit).
# Exit status: 0 when every step that ran passed.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
OUT="${OUT:-$PWD/out}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd -P)"
SUITE="${SUITE:-all}"
java="$here/runtime/bin/java"
jvm=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx16g)
cp="$here/app/mbrl4j.jar:$here/app/lib/*"
console=$(ls "$here"/test/junit-platform-console-standalone-*.jar)
reports=$(mktemp -d)
declare -a rows=()
status=0
row() { rows+=("$(printf '%-10s %-6s %s' "$1" "$2" "$3")"); [[ $2 == FAIL ]] && status=1; return 0; }
cd "$here" # the coverage tests read kernels/ relative to the working directory

# ---- 1. environment ----
{
    echo "== bundle"; cat "$here/BUNDLE_INFO"
    echo "== nvidia-smi"; nvidia-smi 2>&1 || echo "nvidia-smi not available"
    echo "== java"; "$java" -version 2>&1
    # cuBLAS (13 or 12) and NVTX v3 interop often live in pip wheels or the toolkit, off the linker path
    libdirs=$(find /usr/local/cuda*/lib64 /usr/local/cuda*/targets/*/lib /usr/lib/x86_64-linux-gnu /opt /usr/local/lib \
        -maxdepth 8 \( -name 'libcublas.so.1[23]' -o -name 'libnvtx3interop.so.1' -o -name 'libnvToolsExt.so.1' \) \
        -printf '%h\n' 2>/dev/null | sort -u | paste -sd: -)
    echo "== libraries: ${libdirs:-none found}"
    echo "== compute-sanitizer: $(command -v compute-sanitizer || echo absent)"
} >"$OUT/env.txt" 2>&1
libdirs=$(sed -n 's/^== libraries: //p' "$OUT/env.txt")
[[ $libdirs != "none found" ]] && export LD_LIBRARY_PATH="${libdirs}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
gpu_name=$(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -1)
row env "$([[ -n $gpu_name ]] && echo ok || echo none)" "${gpu_name:-no nvidia-smi / GPU}; java $("$java" -version 2>&1 | head -1 | cut -d'"' -f2)"

# ---- 2. test suites ----
junit() { # $1 tag filter option, $2 log label
    timeout "${PARITY_TIMEOUT:-240}" "$java" "${jvm[@]}" -jar "$console" execute --class-path "$cp:$here/test/classes" \
        --select-package org.mbrl4j.backend.cuda "$1" --exclude-classname '.*BundleScriptTest' --fail-if-no-tests \
        --disable-banner --details=summary \
        --details-theme=ascii --reports-dir "$reports/$2" 2>&1
}
summarize() { # $1 log → "N tests, F failed, C classes failed" (a class fails when @BeforeAll does: no device)
    local found failed containers
    found=$(grep -Eo '[0-9]+ tests found' "$1" | tail -1 | cut -d' ' -f1)
    failed=$(grep -Eo '[0-9]+ tests failed' "$1" | tail -1 | cut -d' ' -f1)
    containers=$(grep -Eo '[0-9]+ containers failed' "$1" | tail -1 | cut -d' ' -f1)
    echo "${found:-?} tests, ${failed:-?} failed, ${containers:-?} classes failed"
}
: >"$OUT/parity.log"
if [[ $SUITE == gpu || $SUITE == all ]]; then
    echo "== gpu suite (--include-tag gpu)" >>"$OUT/parity.log"
    junit --include-tag=gpu gpu >"$OUT/parity-gpu.part" ; code=$?
    cat "$OUT/parity-gpu.part" >>"$OUT/parity.log"
    row "gpu suite" "$([[ $code -eq 0 ]] && echo ok || echo FAIL)" "$(summarize "$OUT/parity-gpu.part") (exit $code)"
    rm -f "$OUT/parity-gpu.part"
fi
if [[ $SUITE == cpu || $SUITE == all ]]; then
    echo "== cpu-side suite (--exclude-tag gpu)" >>"$OUT/parity.log"
    junit --exclude-tag=gpu cpu >"$OUT/parity-cpu.part" ; code=$?
    cat "$OUT/parity-cpu.part" >>"$OUT/parity.log"
    row "cpu suite" "$([[ $code -eq 0 ]] && echo ok || echo FAIL)" "$(summarize "$OUT/parity-cpu.part") (exit $code)"
    rm -f "$OUT/parity-cpu.part"
fi
tar -C "$reports" -czf "$OUT/reports.tar.gz" . && rm -rf "$reports"

# ---- 3. compute-sanitizer memcheck over the gpu suite ----
if [[ ${MEMCHECK:-1} != 0 && $SUITE != cpu ]] && command -v compute-sanitizer >/dev/null 2>&1; then
    timeout "${MEMCHECK_TIMEOUT:-180}" compute-sanitizer --tool memcheck --target-processes all --print-limit 20 \
        "$java" "${jvm[@]}" -jar "$console" execute --class-path "$cp:$here/test/classes" \
        --select-class org.mbrl4j.backend.cuda.parity.CudaParityGpuTest --include-tag=gpu --disable-banner \
        --details=summary --details-theme=ascii >"$OUT/memcheck.log" 2>&1
    code=$?
    errors=$(grep -Eo 'ERROR SUMMARY: [0-9]+ error' "$OUT/memcheck.log" | tail -1)
    if [[ $code -eq 124 ]]; then
        row memcheck FAIL "timed out after ${MEMCHECK_TIMEOUT:-180} s (raise MEMCHECK_TIMEOUT); ${errors:-no summary}"
    else
        row memcheck "$([[ $code -eq 0 && ${errors:-x} == 'ERROR SUMMARY: 0 error' ]] && echo ok || echo FAIL)" \
            "${errors:-no ERROR SUMMARY line}; $(summarize "$OUT/memcheck.log") (exit $code)"
    fi
else
    row memcheck skip "$([[ ${MEMCHECK:-1} == 0 ]] && echo 'MEMCHECK=0' || echo 'compute-sanitizer absent or SUITE=cpu')"
fi

# ---- 4. JMH ----
if [[ $# -gt 0 ]]; then
    timeout "${JMH_TIMEOUT:-120}" "$java" "${jvm[@]}" -cp "$cp" org.openjdk.jmh.Main "$@" -foe true -rf json \
        -rff "$OUT/jmh.json" >"$OUT/jmh.log" 2>&1
    code=$?
    row jmh "$([[ $code -eq 0 ]] && echo ok || echo FAIL)" "$*; exit $code"
    # the score lines (Benchmark ... Score Error Units), the flops counter as TFLOP/s
    while read -r line; do
        rows+=("           $line")
    done < <(grep -E '^(Benchmark|Cuda|[A-Za-z]+Bench)' "$OUT/jmh.log" | grep -v ':·' | awk '
        /:flops/ { score = $(NF - 1); for (i = 1; i <= NF; i++) if ($i == "±") score = $(i - 1);
                   gsub(",", "", score); printf "%-60s %10.2f TFLOP/s\n", $1 " " $2 " " $3, score / 1e12; next }
        { print }' | head -40)
else
    row jmh skip "no JMH arguments given"
fi

# ---- 5. summary ----
{
    echo "mbrl4j gpu-check: $(date -u +%Y-%m-%dT%H:%M:%SZ), logs in $OUT"
    printf '%-10s %-6s %s\n' step result detail
    printf '%s\n' "${rows[@]}"
} | tee "$OUT/summary.txt"
exit $status
