#!/usr/bin/env bash
# gemm-ab.sh OUT NEWDIR OLDDIR : alternating single-thread GEMM runs, 4 rounds:
#   mbrl4j new, OpenBLAS SkylakeX (forced AVX-512 kernels), then mbrl4j old (rounds 1, 2) or OpenBLAS default (3, 4)
# NEWDIR, OLDDIR: checkouts built with `mvn -o -q -B -DskipTests package`; then gemm-ratios.py OUT > OUT/ratios.md
# Needs Debian's python3-numpy and libopenblas0-openmp (see scripts/openblas-gemm-bench.py).
set -u
out=$(realpath -m "$1"); new=$2; old=$3
mkdir -p "$out"
J="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
B="$(cd "$(dirname "$0")/../../.." && pwd)/scripts/openblas-gemm-bench.py"
mb() { (cd "$1" && $J --add-modules jdk.incubator.vector -Dmbrl.cpu.threads=1 -cp 'target/mbrl4j.jar:target/lib/*' \
    org.mbrl4j.backend.cpu.CpuTimeAb shapes 7 2>&1 | grep -v WARNING) > "$2"; }
ob() { env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE "$@" /usr/bin/python3 $B --rounds 7; }
{ date -u; lscpu | grep -E 'Model name|CPU family|^Model:'; git -C "$new" log --oneline -1; git -C "$old" log --oneline -1; } > "$out/machine.txt"
for r in 1 2 3 4; do
  echo "round $r start $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
  mb "$new" "$out/mbrl-new-$r.txt"
  ob OPENBLAS_CORETYPE=SkylakeX > "$out/openblas-skylakex-$r.txt" 2>&1
  if [ $r -le 2 ]; then mb "$old" "$out/mbrl-old-$r.txt"; else ob > "$out/openblas-default-$r.txt" 2>&1; fi
done
echo "end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
