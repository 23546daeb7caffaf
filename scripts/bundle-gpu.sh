#!/usr/bin/env bash
# scripts/bundle-gpu.sh: builds dist/mbrl4j-gpu.tar.gz, a self-contained bundle for the GPU machine,
# which has the NVIDIA driver and CUDA 13 but no Java and no network.
#
#   scripts/bundle-gpu.sh              build (native-build.sh, mvn package + test-compile), jlink, pack
#   scripts/bundle-gpu.sh --no-build   pack what target/ already holds
#
# Contents (unpacked as mbrl4j-gpu/):
#   runtime/        jlink image of the JDK 25 used here (modules: MODULES below), stripped, zip-6
#   app/            mbrl4j.jar (PTX under /ptx) and its runtime libraries (target/lib; the JCuda natives
#                   jar trimmed to the driver and runtime bindings)
#   test/           the test classes and junit-platform-console-standalone (fetched through Maven
#                   into dist/bundle-deps, a bundle-only folder: the project's pom is untouched)
#   kernels/        kernels/*.cu, *.cuh and build/ptx (read by the coverage tests; inspect with cuobjdump)
#   gpu-check.sh    what runs on the GPU machine (see that file); BUNDLE_INFO  revision, date, versions
# Fails if the archive reaches 64 MiB (the device tool's transfer limit).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd -P)"

readonly LIMIT_BYTES=$((64 * 1024 * 1024))
# java.desktop: headless PNG plots; java.sql: Jackson's optional java.sql types (jdeps); java.management,
# jdk.management: JMH (runtime MXBeans, forked-VM bookkeeping); java.logging: JCuda's LibUtils and
# System.Logger's default backend; java.xml: the JUnit console's XML reports; jdk.unsupported: libraries
# that probe sun.misc; jdk.zipfs: the JUnit console scans packages inside jars through the zip filesystem.
readonly MODULES=java.base,java.desktop,java.logging,java.management,java.sql,java.xml,jdk.incubator.vector,jdk.management,jdk.unsupported,jdk.zipfs

build=1
for arg in "$@"; do
    case "$arg" in
        --no-build) build=0 ;;
        -h | --help) sed -n '2,19p' "$0"; exit 0 ;;
        *) echo "bundle-gpu.sh: unknown argument '$arg' (expected --no-build)" >&2; exit 2 ;;
    esac
done

source ./mbrl # defines mbrl_find_jdk, mbrl_find_mvn
mbrl_find_jdk
mbrl_find_mvn
export JAVA_HOME="$MBRL_JAVA_HOME"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

if [[ $build -eq 1 ]]; then
    ./native-build.sh
    "$MBRL_MVN" -q -B -DskipTests package test-compile
fi
for f in target/mbrl4j.jar target/lib target/test-classes/org/mbrl4j/backend/cuda kernels/build/ptx/MANIFEST; do
    [[ -e $f ]] || { echo "bundle-gpu.sh: $f is missing: run without --no-build (PTX needs nvcc: ./native-build.sh)" >&2; exit 1; }
done
ptx_count=$(find kernels/build/ptx -name '*.ptx' | wc -l)
[[ $ptx_count -gt 0 ]] || { echo "bundle-gpu.sh: no PTX in kernels/build/ptx: run ./native-build.sh on a machine with nvcc" >&2; exit 1; }

# JUnit console launcher matching the pom's JUnit (5.x.y -> platform 1.x.y), fetched into a bundle-only folder.
junit=$(sed -n 's:.*<junit.version>\(.*\)</junit.version>.*:\1:p' pom.xml)
platform="1.${junit#5.}"
console="dist/bundle-deps/junit-platform-console-standalone-$platform.jar"
if [[ ! -f $console ]]; then
    "$MBRL_MVN" -q -B dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$platform" \
        -DoutputDirectory=dist/bundle-deps
fi

stage=dist/mbrl4j-gpu
rm -rf "$stage" dist/mbrl4j-gpu.tar.gz
mkdir -p "$stage/app" "$stage/test" "$stage/kernels/build"
"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
    --output "$stage/runtime"
cp target/mbrl4j.jar "$stage/app/"
cp -r target/lib "$stage/app/lib"
# JCuda's natives jar also carries libJNvPTXCompiler (24 MB, a PTX compiler we never call) and
# libJNvrtc (linked to CUDA 12's NVRTC, unusable with CUDA 13): keep only the driver and runtime
# bindings, which is what JCudaDriver loads.
natives=$(ls "$root/$stage"/app/lib/jcuda-natives-*.jar)
unpacked=$(mktemp -d)
(cd "$unpacked" && "$JAVA_HOME/bin/jar" xf "$natives" && rm -f lib/libJNvPTXCompiler-* lib/libJNvrtc-*)
rm "$natives"
"$JAVA_HOME/bin/jar" --create --file "$natives" --manifest "$unpacked/META-INF/MANIFEST.MF" -C "$unpacked" lib \
    -C "$unpacked" META-INF/maven
rm -rf "$unpacked"
cp -r target/test-classes "$stage/test/classes"
cp "$console" "$stage/test/"
cp kernels/*.cu kernels/*.cuh kernels/README.md "$stage/kernels/"
cp -r kernels/build/ptx "$stage/kernels/build/ptx"
cp scripts/gpu-check.sh "$stage/gpu-check.sh"
chmod +x "$stage/gpu-check.sh"
{
    echo "mbrl4j GPU bundle, built by scripts/bundle-gpu.sh"
    echo "revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (dirty)')"
    echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname)"
    echo "java=$("$stage/runtime/bin/java" -version 2>&1 | head -1)"
    echo "modules=$MODULES"
    echo "junit_console=$(basename "$console")"
    grep -E '^(nvcc_version|archs|ptx_isa)=' kernels/build/ptx/MANIFEST
    echo "run: ./gpu-check.sh [JMH args...]  (330 s in all; OUT=<dir> for logs, default ./out; see gpu-check.sh)"
} >"$stage/BUNDLE_INFO"

tar -C dist -czf dist/mbrl4j-gpu.tar.gz mbrl4j-gpu
bytes=$(stat -c %s dist/mbrl4j-gpu.tar.gz)
echo "bundle-gpu: dist/mbrl4j-gpu.tar.gz $((bytes / 1024 / 1024)) MiB ($bytes bytes; runtime $(du -sh "$stage/runtime" | cut -f1), app $(du -sh "$stage/app" | cut -f1), test $(du -sh "$stage/test" | cut -f1) unpacked)"
if [[ $bytes -ge $LIMIT_BYTES ]]; then
    echo "bundle-gpu.sh: the archive is $bytes bytes, over the 64 MiB transfer limit" >&2
    exit 1
fi
