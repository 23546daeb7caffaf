#!/usr/bin/env bash
# gpu-check.sh [JMH args...]: runs inside the unpacked mbrl4j-gpu bundle on the GPU machine (no Java
# or network needed there) under one deadline of 330 s, in this order, each step under its own limit:
#   1. smoke      driver entry points, per-module PTX load + JIT time, one launch per module, one tiny
#                 graph (CudaSmokeGpuTest); env.txt first: nvidia-smi, the bundled java, library dirs
#   2. parity     kernel parity without cuBLAS: every nested family of CudaParityGpuTest but
#                 CublasGemm, a per-test timeout, running on past failures and timeouts
#   3. graphs     graph capture/replay and the device SPI (CudaGraphsGpuTest, CudaBackendGpuTest) and
#                 whole plan()/update() parity, where such test classes exist (the row says which ran):
#                 CapturedPlanGpuTest (replayed plan = eager plan, info sums within their bound) and
#                 CapturedUpdateGpuTest (captured update = eager update), the emulator tests' cases
#   4. cublas     gemm parity through cuBLAS (CudaParityGpuTest$CublasGemm)
#   5. jmh        Tdmpc2AgentBench act and update, device=cuda, model_size=5 (5M), 500 ms iterations
#                 (JMH args given on the command line replace these)
#   6. memcheck   compute-sanitizer --tool memcheck over the smoke launches and graph (a small subset)
# Each summary row is appended to $OUT/summary.txt the moment it is known, so a kill loses nothing
# already measured. Files in $OUT (default ./out): summary.txt, env.txt, tests.log (JUnit, live),
# reports.tar.gz (JUnit XML), jmh.log, jmh.json, memcheck.log.
#
# Worst case, by construction: each step runs under `timeout -k 2 (limit - 2)` (TERM, then KILL 2 s
# later), so no step outlasts its limit, and a step that would pass the deadline gets only what is
# left (none under 10 s: it is skipped):
#   smoke 55 (the env capture, each probe under a 10 s timeout, comes out of it) + parity 90 + graphs 50
#   + cublas 30 + jmh 60 + memcheck 40
#   = 325 s, + 5 s reserve for bookkeeping and the summary = 330 s.
# (graphs grew from 30 to 50 s for the two captured plan/update classes, each opening its own backend,
# taken from parity, 95 -> 90, and jmh, 75 -> 60: 5 + 15 = 20.)
# Without an NVIDIA driver (or outside a bundle) step 1 fails saying so, the rest are skipped, and
# summary.txt is still written (GpuCheckScriptTest runs that case in CI).
# Environment: OUT; PARITY_TEST_TIMEOUT (per test, default 30s); MEMCHECK=0 skips step 6.
# Exit status: 0 when every step passed.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
OUT="${OUT:-$PWD/out}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd -P)"

readonly DEADLINE_S=330 RESERVE_S=5 KILL_GRACE_S=2 MIN_STEP_S=10 ENV_LIMIT_S=10
declare -A LIMIT=([smoke]=55 [parity]=90 [graphs]=50 [cublas]=30 [jmh]=60 [memcheck]=40)
readonly JMH_DEFAULT=(Tdmpc2AgentBench -p device=cuda -p modelSize=5 -f 1 -wi 2 -i 3 -w 500ms -r 500ms)

java="$here/runtime/bin/java"
jvm=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx16g)
# jars listed one by one: the JUnit console's --class-path does not expand a lib/* wildcard as java -cp does
cp="$here/app/mbrl4j.jar:$(printf '%s:' "$here"/app/lib/*.jar)$here/test/classes"
console=$(ls "$here"/test/junit-platform-console-standalone-*.jar 2>/dev/null | head -1)
reports=$(mktemp -d)
status=0
cd "$here" # the coverage tests read kernels/ relative to the working directory

{
    echo "mbrl4j gpu-check: $(date -u +%Y-%m-%dT%H:%M:%SZ), deadline ${DEADLINE_S} s, logs in $OUT"
    printf '%-9s %-5s %5s  %s\n' step result secs detail
} >"$OUT/summary.txt"
cat "$OUT/summary.txt"
: >"$OUT/tests.log"

# row STEP RESULT SECONDS DETAIL: appended and printed at once; FAIL makes the exit status 1.
row() {
    printf '%-9s %-5s %5s  %s\n' "$1" "$2" "$3" "$4" | tee -a "$OUT/summary.txt"
    [[ $2 == FAIL ]] && status=1
    return 0
}
detail() { printf '%-9s %-5s %5s    %s\n' "" "" "" "$1" | tee -a "$OUT/summary.txt"; }

# Seconds step $1 may use: its limit, or what is left before the deadline when that is less.
budget() {
    local left=$((DEADLINE_S - RESERVE_S - SECONDS))
    ((left < LIMIT[$1])) && echo "$left" || echo "${LIMIT[$1]}"
}
timed() { timeout -k "$KILL_GRACE_S" "$(($1 - KILL_GRACE_S))" "${@:2}"; }

# "N tests, F failed, C classes failed" from a console log (a class fails when @BeforeAll does).
summarize() {
    local found failed containers
    found=$(grep -Eo '[0-9]+ tests found' "$1" | tail -1 | cut -d' ' -f1)
    failed=$(grep -Eo '[0-9]+ tests failed' "$1" | tail -1 | cut -d' ' -f1)
    containers=$(grep -Eo '[0-9]+ containers failed' "$1" | tail -1 | cut -d' ' -f1)
    echo "${found:-?} tests, ${failed:-?} failed, ${containers:-?} classes failed"
}
# The first failures in a flat console log: "name: first line of its exception".
failures() {
    awk '/^Finished: / { sub(/^Finished: +/, ""); sub(/ \(\[engine.*$/, ""); name = $0; next }
         /^ +=> / && name != "" { sub(/^ +=> +/, ""); print name ": " substr($0, 1, 160); name = "" }' "$1" | head -5
}

# junit_step KEY LABEL SELECTOR...: one console run under the step's budget, its log appended live to
# tests.log, one row (and the first failures) in the summary.
junit_step() {
    local key=$1 label=$2 t log code start=$SECONDS
    shift 2
    t=$(budget "$key")
    if ((t < MIN_STEP_S)); then
        row "$label" skip 0 "no time left before the ${DEADLINE_S} s deadline"
        return
    fi
    log=$(mktemp)
    echo "==== $label ($t s): $*" >>"$OUT/tests.log"
    timed "$t" "$java" "${jvm[@]}" -jar "$console" execute --class-path "$cp" --include-tag=gpu --fail-if-no-tests \
        --disable-banner --disable-ansi-colors --details=flat --details-theme=ascii --reports-dir "$reports/$key" \
        "$@" 2>&1 | tee -a "$OUT/tests.log" >"$log"
    code=${PIPESTATUS[0]}
    if ((code == 124 || code == 137)); then
        row "$label" FAIL $((SECONDS - start)) "killed at its $t s limit: $(grep -c '^Finished: .*test-template-invocation\|^Finished: .*\[method:' "$log") tests finished, $(grep -c '^ *=> ' "$log") with an exception before the kill"
    else
        row "$label" "$([[ $code -eq 0 ]] && echo ok || echo FAIL)" $((SECONDS - start)) "$(summarize "$log") (exit $code)"
    fi
    while read -r f; do detail "$f"; done < <(failures "$log")
    tar -C "$reports" -czf "$OUT/reports.tar.gz" . 2>/dev/null
    LAST_LOG=$log
}

skip_rest() {
    for step in parity graphs cublas jmh memcheck; do
        row "$step" skip 0 "$1"
    done
}

# ---- 1. smoke ----
start=$SECONDS
{
    echo "== bundle"; cat "$here/BUNDLE_INFO" 2>/dev/null || echo "no BUNDLE_INFO: not an unpacked bundle"
    echo "== nvidia-smi"; timeout "$ENV_LIMIT_S" nvidia-smi 2>&1 || echo "nvidia-smi not available"
    echo "== java"; "$java" -version 2>&1 || echo "no bundled java at $java"
    # cuBLAS (13 or 12) and NVTX v3 interop often live in pip wheels or the toolkit, off the linker path
    libdirs=$(timeout "$ENV_LIMIT_S" find /usr/local/cuda*/lib64 /usr/local/cuda*/targets/*/lib /usr/lib/x86_64-linux-gnu \
        /opt /usr/local/lib -maxdepth 8 \( -name 'libcublas.so.1[23]' -o -name 'libnvtx3interop.so.1' \
        -o -name 'libnvToolsExt.so.1' \) -printf '%h\n' 2>/dev/null | sort -u | paste -sd: -)
    echo "== libraries: ${libdirs:-none found}"
    echo "== compute-sanitizer: $(command -v compute-sanitizer || echo absent)"
} >"$OUT/env.txt" 2>&1
libdirs=$(sed -n 's/^== libraries: //p' "$OUT/env.txt")
[[ $libdirs != "none found" ]] && export LD_LIBRARY_PATH="${libdirs}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

driver_found() {
    timeout "$ENV_LIMIT_S" nvidia-smi -L >/dev/null 2>&1 && return 0
    ldconfig -p 2>/dev/null | grep -q 'libcuda\.so\.1 ' && return 0
    local d
    IFS=: read -ra dirs <<<"${LD_LIBRARY_PATH:-}"
    for d in "${dirs[@]}"; do [[ -e $d/libcuda.so.1 ]] && return 0; done
    return 1
}
LIMIT[smoke]=$((LIMIT[smoke] - (SECONDS - start))) # the env capture came out of the smoke step's limit
if ! driver_found; then
    row smoke FAIL $((SECONDS - start)) "no NVIDIA driver here: nvidia-smi -L fails and libcuda.so.1 is neither in the linker cache nor on LD_LIBRARY_PATH; gpu-check.sh runs on a GPU machine (see env.txt)"
    skip_rest "smoke failed: no GPU"
elif [[ ! -x $java || -z $console || ! -d $here/test/classes ]]; then
    row smoke FAIL $((SECONDS - start)) "not inside an unpacked bundle ($java, test/junit-platform-console-standalone-*.jar or test/classes missing): build one with scripts/bundle-gpu.sh"
    skip_rest "smoke failed: no bundle"
else
    gpu=$(timeout "$ENV_LIMIT_S" nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -1)
    detail "device: ${gpu:-unknown (nvidia-smi gave no name)}; java $("$java" -version 2>&1 | head -1 | cut -d'"' -f2)"
    junit_step smoke smoke --select-class org.mbrl4j.backend.cuda.CudaSmokeGpuTest
    while read -r line; do detail "${line#smoke: }"; done < <(grep '^smoke: ' "$LAST_LOG")

    # ---- 2. kernel parity without cuBLAS: each nested family, CublasGemm left to step 4 ----
    # The per-test timeout runs in JUnit's same-thread mode: a test past it fails when it returns and
    # the run goes on; a kernel that never returns is caught by the step's limit (a separate-thread
    # timeout would leave the abandoned test driving the one-thread backend beside the next test).
    # The families are @Nested classes inherited from CudaParitySuite, so each is selected by its unique
    # id under CudaParityGpuTest (a class selector would name the abstract suite).
    families=()
    for f in "$here"/test/classes/org/mbrl4j/backend/cuda/parity/CudaParitySuite\$*.class; do
        name=$(basename "$f" .class)
        name=${name#CudaParitySuite\$}
        [[ $name == *'$'* ]] || families+=(--select "uid:[engine:junit-jupiter]/[class:org.mbrl4j.backend.cuda.parity.CudaParityGpuTest]/[nested-class:$name]")
    done
    junit_step parity parity --config="junit.jupiter.execution.timeout.default=${PARITY_TEST_TIMEOUT:-30s}" "${families[@]}"

    # ---- 3. graphs, device SPI, and whole plan()/update() parity where such tests exist ----
    selected=(--select-class org.mbrl4j.backend.cuda.CudaGraphsGpuTest --select-class org.mbrl4j.backend.cuda.CudaBackendGpuTest)
    plan_update=$(cd "$here/test/classes" && find org -name '*GpuTest.class' ! -name '*$*' | grep -Ei 'plan|update|agent' \
        | sed 's/\.class$//; s:/:.:g' | sort)
    for c in $plan_update; do selected+=(--select-class "$c"); done
    junit_step graphs graphs "${selected[@]}"
    if [[ -z $plan_update ]]; then
        detail "whole plan()/update() parity: no *Plan*/*Update*/*Agent*GpuTest class yet; ran graphs and the device SPI only"
    else
        detail "whole plan()/update() parity classes: $(echo $plan_update | tr ' ' ',')"
    fi

    # ---- 4. cuBLAS parity ----
    junit_step cublas cublas --select-class 'org.mbrl4j.backend.cuda.parity.CudaParityGpuTest$CublasGemm'

    # ---- 5. JMH ----
    jmh_args=("$@")
    [[ ${#jmh_args[@]} -gt 0 ]] || jmh_args=("${JMH_DEFAULT[@]}")
    t=$(budget jmh)
    start=$SECONDS
    if ((t < MIN_STEP_S)); then
        row jmh skip 0 "no time left before the ${DEADLINE_S} s deadline"
    else
        timed "$t" "$java" "${jvm[@]}" -cp "$cp" org.openjdk.jmh.Main "${jmh_args[@]}" -foe true -rf json \
            -rff "$OUT/jmh.json" >"$OUT/jmh.log" 2>&1
        code=$?
        row jmh "$([[ $code -eq 0 ]] && echo ok || echo FAIL)" $((SECONDS - start)) \
            "${jmh_args[*]}; $([[ $code -eq 124 || $code -eq 137 ]] && echo "timed out after $t s" || echo "exit $code")"
        while read -r line; do detail "$line"; done < <(grep -E '^(Benchmark |[A-Za-z]+Bench\.)' "$OUT/jmh.log" | head -10)
        ((code == 0)) || detail "first error: $(grep -m1 -E '(Exception|Error)(:|$)' "$OUT/jmh.log" | cut -c1-200)"
    fi

    # ---- 6. compute-sanitizer memcheck on a small subset ----
    t=$(budget memcheck)
    start=$SECONDS
    if [[ ${MEMCHECK:-1} == 0 ]]; then
        row memcheck skip 0 "MEMCHECK=0"
    elif ! command -v compute-sanitizer >/dev/null 2>&1; then
        row memcheck skip 0 "compute-sanitizer not on PATH"
    elif ((t < MIN_STEP_S)); then
        row memcheck skip 0 "no time left before the ${DEADLINE_S} s deadline"
    else
        timed "$t" compute-sanitizer --tool memcheck --target-processes all --print-limit 20 "$java" "${jvm[@]}" -jar "$console" execute \
            --class-path "$cp" --include-tag=gpu --disable-banner --disable-ansi-colors --details=summary \
            --details-theme=ascii \
            --select-method 'org.mbrl4j.backend.cuda.CudaSmokeGpuTest#oneOpPerModuleLaunchesAndCompletes' \
            --select-method 'org.mbrl4j.backend.cuda.CudaSmokeGpuTest#oneTinyGraphCapturesAndReplays' \
            >"$OUT/memcheck.log" 2>&1
        code=$?
        errors=$(grep -Eo 'ERROR SUMMARY: [0-9]+ error' "$OUT/memcheck.log" | tail -1)
        if ((code == 124 || code == 137)); then
            row memcheck FAIL $((SECONDS - start)) "timed out after $t s; ${errors:-no ERROR SUMMARY line}"
        else
            row memcheck "$([[ $code -eq 0 && ${errors:-x} == 'ERROR SUMMARY: 0 error' ]] && echo ok || echo FAIL)" \
                $((SECONDS - start)) "smoke launches + graph: ${errors:-no ERROR SUMMARY line}; $(summarize "$OUT/memcheck.log") (exit $code)"
        fi
    fi
fi

rm -rf "$reports"
row total "$([[ $status -eq 0 ]] && echo ok || echo FAIL)" "$SECONDS" "deadline ${DEADLINE_S} s"
exit $status
