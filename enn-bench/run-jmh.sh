#!/usr/bin/env bash
# Builds enn-bench and runs its JMH benchmarks (one thread, one fork each), writing the raw
# results to docs/benchmarks/jmh-results.json and the JMH summary table into docs/benchmarks.md between
# the jmh-table markers. Extra arguments go to JMH, for example a benchmark regex:
#   enn-bench/run-jmh.sh TrainingStepBenchmark
# JMH_JSON sets another JSON file, and JMH_UPDATE_DOC=0 leaves docs/benchmarks.md unchanged.
# ENN_VECTOR=0 and ENN_PRODUCTS=float32 pass on to run-bench.sh (scalar kernels, float32
# products). The table in docs/benchmarks.md is described as Vector API and float64, so with
# either of them the script leaves that file alone unless JMH_UPDATE_DOC=1.
set -euo pipefail
if [ "${ENN_VECTOR:-1}" = 0 ] || [ "${ENN_PRODUCTS:-float64}" != float64 ]; then
    JMH_UPDATE_DOC="${JMH_UPDATE_DOC:-0}"
fi

root=$(cd "$(dirname "$0")/.." && pwd)
json="${JMH_JSON:-$root/docs/benchmarks/jmh-results.json}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

BENCH_MAIN=org.openjdk.jmh.Main "$root/enn-bench/run-bench.sh" -t 1 -rf json -rff "$json" "$@" | tee "$log"

# The summary table is the block that starts with the "Benchmark  (params)  Mode  Cnt  Score" header.
table=$(awk '/^Benchmark +/ {found = 1} found && NF == 0 {exit} found {print "    " $0}' "$log")
doc="$root/docs/benchmarks.md"
if [ "${JMH_UPDATE_DOC:-1}" = 0 ]; then
    echo "run-jmh.sh: wrote $json"
elif grep -q '<!-- jmh-table:start -->' "$doc"; then
    awk -v table="$table" '
        /<!-- jmh-table:start -->/ {print; print ""; print table; print ""; skip = 1; next}
        /<!-- jmh-table:end -->/ {skip = 0}
        !skip {print}' "$doc" > "$doc.tmp"
    mv "$doc.tmp" "$doc"
    echo "run-jmh.sh: wrote $json and the table in $doc"
else
    echo "run-jmh.sh: wrote $json; $doc has no jmh-table markers, so the table was not inserted" >&2
fi
