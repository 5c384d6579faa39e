#!/usr/bin/env bash
# Builds enn-bench and its modules, then runs the comparative benchmark with the given arguments,
# for example:  enn-bench/run-bench.sh --suite readme --out bench-results
# ENN_BUILD_DIR selects the Maven build folder (default target-bench), so that the run does not
# share output with another build of the same tree. The JVM gets --add-modules jdk.incubator.vector,
# so matrix products run through the Vector API kernels. ENN_VECTOR=0 leaves the module out and
# measures the scalar kernels instead. ENN_PRODUCTS=float32 sets the system property enn.products,
# so that products run in float32 arithmetic (for JMH, whose benchmarks have no such option).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_dir="${ENN_BUILD_DIR:-target-bench}"
classpath_file="$root/enn-bench/$build_dir/classpath.txt"

cd "$root"
mvn -B -q -Denn.buildDir="$build_dir" -pl enn-bench -am package -DskipTests \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=runtime
classpath="$root/enn-bench/$build_dir/enn-bench-0.1.0-SNAPSHOT.jar:$(cat "$classpath_file")"
vector_flags=(--add-modules jdk.incubator.vector)
if [ "${ENN_VECTOR:-1}" = 0 ]; then
    vector_flags=()
fi
case "${ENN_PRODUCTS:-float64}" in
    float64 | float32) ;;
    *) echo "run-bench.sh: ENN_PRODUCTS must be float64 or float32, got '$ENN_PRODUCTS'" >&2; exit 2 ;;
esac
exec java "${vector_flags[@]}" -Denn.products="${ENN_PRODUCTS:-float64}" -Djava.awt.headless=true -cp "$classpath" "${BENCH_MAIN:-dev.enn.bench.BenchmarkRunner}" "$@"
