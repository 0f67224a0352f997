#!/usr/bin/env bash
# End-to-end CreateTopics benchmark: for each scenario, starts a local Quire cluster of separate node
# processes (bin/quire cluster, loopback only, on a free base port), waits until it is running, runs
# io.quire.bench.e2e.CreateTopicsBench against it, stops it (SIGTERM stops every node) and removes its
# data. The report (Markdown table rows) goes to stdout, progress to stderr.
#
#   bench/run-e2e-bench.sh [--quire-home DIR] [SCENARIO...] [-- harness options]
#
# Scenarios (default: single leader-acks quorum-acks no-wal):
#   single       1 node, static consensus, file WAL
#   leader-acks  3 nodes, Ratis-elected leader, tcp transport, metadata.acks=leader (the fast path)
#   quorum-acks  the same with metadata.acks=quorum
#   no-wal       3 nodes without WALs (plugins.wal=none, plugins.replication=none): the Raft log is
#                the metadata log, the baseline the fast path is measured against
#
# --quire-home DIR runs the cluster from another checkout (for example an older commit, for a
# before/after comparison); the harness always runs from this checkout's bench build. Harness options
# after '--' (default: --warmup 500 --count 2000 --concurrency 1,16); see CreateTopicsBench --help.
# Topics get replication factor min(nodes, 3).
#
# QUIRE_BENCH_SKIP_BUILD=1 runs what is built. QUIRE_BENCH_JAVA_OPTS adds JVM options to the harness,
# QUIRE_JAVA_OPTS to the nodes. Node logs stay in bench/target/e2e-bench/<scenario>/logs.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/bench"
home="$root"
scenarios=()
harness_options=()
while (($#)); do
  case "$1" in
    --quire-home) home="$(cd "$2" && pwd)"; shift 2 ;;
    --) shift; harness_options=("$@"); break ;;
    *) scenarios+=("$1"); shift ;;
  esac
done
((${#scenarios[@]})) || scenarios=(single leader-acks quorum-acks no-wal)

# Maven's output goes to standard error, so that standard output carries the report alone.
if [[ "${QUIRE_BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$home" && mvn -B -q -DskipTests package) >&2
  if [[ "$home" != "$root" ]]; then
    (cd "$root" && mvn -B -q -DskipTests -pl bench -am package) >&2
  fi
fi

jar=("$bench"/target/quire-bench-*.jar)
classpath="${jar[0]}:$bench/target/lib/*"

# shellcheck source=bench/loopback-clusters.sh
source "$bench/loopback-clusters.sh"
trap stop_cluster EXIT

run_scenario() {
  local scenario=$1 nodes sets
  case "$scenario" in
    single) nodes=1; sets=(--set plugins.wal=file) ;;
    leader-acks) nodes=3; sets=(--set metadata.acks=leader) ;;
    quorum-acks) nodes=3; sets=(--set metadata.acks=quorum) ;;
    no-wal) nodes=3; sets=(--set plugins.wal=none --set plugins.replication=none) ;;
    *) echo "run-e2e-bench: unknown scenario $scenario" >&2; return 2 ;;
  esac
  local dir="$bench/target/e2e-bench/$scenario" base
  base="$(free_base_port "$nodes" "${QUIRE_PORT_OFFSETS[@]}")"
  rm -rf "$dir"
  echo "run-e2e-bench: $scenario: $nodes node(s) from $home on base port $base" >&2
  start_quire_cluster "$home" "$dir" "$nodes" "$base" "${sets[@]}"
  # shellcheck disable=SC2086 # QUIRE_BENCH_JAVA_OPTS holds several options
  java ${QUIRE_BENCH_JAVA_OPTS:-} -cp "$classpath" io.quire.bench.e2e.CreateTopicsBench \
    --bootstrap-servers "127.0.0.1:$base" --label "$scenario" --replication-factor $((nodes < 3 ? nodes : 3)) \
    "${harness_options[@]}"
  stop_cluster
  rm -rf "$dir/data"
}

for scenario in "${scenarios[@]}"; do
  run_scenario "$scenario"
done
