#!/usr/bin/env bash
# Builds the WAL benchmark and what it needs, then runs it on the disk holding --dir.
#
#   bench/run-wal-bench.sh [harness options]   the harness (WalBench); --help lists its options
#   bench/run-wal-bench.sh jmh [JMH options]   the JMH benchmarks (WalAppendBenchmark, HandOffBenchmark),
#                                              e.g. jmh WalAppendBenchmark -t 1 -p settings=fsync-interval-ms=60000
#
# Every WAL plugin on the bench module's runtime class path (bench/target/lib) is benchmarked.
# QUIRE_BENCH_SKIP_BUILD=1 runs what is already built. QUIRE_BENCH_JAVA_OPTS adds JVM options.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/bench"

if [[ "${QUIRE_BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  # Maven's output goes to standard error, so that standard output carries the report alone.
  (cd "$root" && mvn -B -q -DskipTests -pl bench -am package) >&2
fi

jar=("$bench"/target/quire-bench-*.jar)
classpath="${jar[0]}:$bench/target/lib/*"
# shellcheck disable=SC2086 # QUIRE_BENCH_JAVA_OPTS holds several options
if [[ "${1:-}" == jmh ]]; then
  shift
  cd "$bench"
  exec java ${QUIRE_BENCH_JAVA_OPTS:-} -cp "$classpath" org.openjdk.jmh.Main "$@"
fi
# The default directory is the bench module's target/; a --dir among the arguments comes later and wins.
exec java ${QUIRE_BENCH_JAVA_OPTS:-} -cp "$classpath" io.quire.bench.wal.WalBench --dir "$bench/target/wal-bench" "$@"
