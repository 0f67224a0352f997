#!/usr/bin/env bash
# Quire side by side with Apache Kafka 4.4 in KRaft mode and with the machine's physical floor, in
# one run (issue 11). One target after the other, each on fresh data directories under
# bench/target/compare on the same disk, on 127.0.0.1 and free ports only, is driven by the same
# AdminClient workloads (io.quire.bench.e2e.CompareBench); the floor (an append + force loop on that
# disk, a loopback round trip) is measured first (FloorBench). The report (CompareReport) goes to
# stdout and is appended to docs/benchmarks.md, with the machine, the command and the load average.
#
#   bench/run-compare.sh [--quick] [--no-docs] [TARGET...]
#
# Targets (default: all of them; without quire-3-hazelcast, kafka-3 and quire-scale with --quick, to stay
# under 5 minutes):
#   quire-1            1 node, static consensus, file WAL
#   quire-3-leader     3 nodes, ratis, tcp transport, metadata.acks=leader (the fast path)
#   quire-3-quorum     the same with metadata.acks=quorum
#   quire-3-no-wal     3 nodes without WALs (plugins.wal=none): the Raft log is the metadata log
#   quire-3-hazelcast  quire-3-leader over the hazelcast transport
#   kafka-1            1 Kafka node (broker and controller), Kafka's default settings
#   kafka-1-linger0    the same with controller.quorum.append.linger.ms=0, its fastest setting
#   kafka-3            3 Kafka nodes, each broker and controller, default settings
#   quire-scale        1 node (file WAL, no snapshots): 100,000 topics of 10 partitions with the create rate
#                      at 1,000, 10,000 and 100,000 present, heap, Metadata of all; a churn of creates
#                      and deletes up to 1,000,000 WAL records; then restarts: replaying that WAL, and
#                      from a snapshot of the same state (ScaleBench)
#
# --quick makes fewer requests per workload (CompareSizes.QUICK) and takes under 5 minutes.
# --no-docs leaves docs/benchmarks.md alone (for a trial run). The script builds first when a source
# changed since its last build; QUIRE_BENCH_SKIP_BUILD=1 runs what is built. Logs stay in bench/target/compare/<target>; the raw results in bench/target/compare/results.tsv.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/bench"
command_line="bench/run-compare.sh $*"
size=full
docs="$root/docs/benchmarks.md"
targets=()
while (($#)); do
  case "$1" in
    --quick) size=quick; shift ;;
    --no-docs) docs=; shift ;;
    -*) echo "run-compare: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if ((${#targets[@]} == 0)); then
  targets=(quire-1 quire-3-leader quire-3-quorum quire-3-no-wal kafka-1 kafka-1-linger0)
  [[ "$size" == full ]] && targets+=(quire-3-hazelcast kafka-3 quire-scale)
fi

KAFKA_LIB="$bench/kafka/target/kafka-lib"
KAFKA_LOGBACK="$bench/kafka/logback.xml"
stamp="$bench/target/.compare-built"
# Built when the stamp left by this script's last build is newer than every source file and pom, as
# bin/quire decides: a rerun spends none of its 5 minutes on Maven.
needs_build() {
  [[ -f "$stamp" && -d "$KAFKA_LIB" ]] || return 0
  [[ -n "$(find "$root" -path "$root/*/target" -prune -o \( -name '*.java' -o -name 'pom.xml' -o -name 'logback.xml' \
    -o -path '*/src/main/resources/*' \) -newer "$stamp" -print -quit)" ]]
}
# Maven's output goes to standard error, so that standard output carries the report alone.
if [[ "${QUIRE_BENCH_SKIP_BUILD:-0}" != 1 ]] && needs_build; then
  echo "run-compare: building (mvn -DskipTests package, and the Kafka class path) ..." >&2
  (cd "$root" && mvn -B -q -DskipTests package && mvn -B -q -f bench/kafka/pom.xml package) >&2
  touch "$stamp"
fi
jar=("$bench"/target/quire-bench-*.jar)
classpath="${jar[0]}:$bench/target/lib/*"

# shellcheck source=bench/loopback-clusters.sh
source "$bench/loopback-clusters.sh"
trap stop_cluster EXIT

work="$bench/target/compare"
results="$work/results.tsv"
measures="$work/measures.tsv"
rm -rf "$work"
mkdir -p "$work"
started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
begin=$SECONDS

harness() {
  # shellcheck disable=SC2086 # QUIRE_BENCH_JAVA_OPTS holds several options
  java ${QUIRE_BENCH_JAVA_OPTS:-} -cp "$classpath" "$@"
}

echo "run-compare: the floor, on the disk of $work" >&2
harness io.quire.bench.e2e.FloorBench --dir "$work/floor" --seconds $([[ "$size" == quick ]] && echo 3 || echo 10) \
  --results "$results"

run_target() {
  local target=$1 dir="$work/$1" nodes base
  case "$target" in
    quire-1) nodes=1; set -- --set plugins.wal=file ;;
    quire-3-leader) nodes=3; set -- --set metadata.acks=leader ;;
    quire-3-quorum) nodes=3; set -- --set metadata.acks=quorum ;;
    quire-3-no-wal) nodes=3; set -- --set plugins.wal=none --set plugins.replication=none ;;
    quire-3-hazelcast) nodes=3; set -- --set plugins.replication=hazelcast ;;
    kafka-1) nodes=1; set -- ;;
    kafka-1-linger0) nodes=1; set -- controller.quorum.append.linger.ms=0 ;;
    kafka-3) nodes=3; set -- ;;
    *) echo "run-compare: unknown target $target" >&2; return 2 ;;
  esac
  echo "run-compare: $target" >&2
  if [[ "$target" == quire-* ]]; then
    base="$(free_base_port "$nodes" "${QUIRE_PORT_OFFSETS[@]}")"
    start_quire_cluster "$root" "$dir" "$nodes" "$base" "$@"
  else
    base="$(free_base_port "$nodes" "${KAFKA_PORT_OFFSETS[@]}")"
    start_kafka_cluster "$dir" "$nodes" "$base" "$@"
  fi
  local jmx=()
  [[ "$target" == kafka-* ]] && jmx=(--jmx-port-offset 200)
  harness io.quire.bench.e2e.CompareBench --bootstrap-servers "127.0.0.1:$base" --target "$target" \
    --nodes "$nodes" --replication-factor $((nodes < 3 ? nodes : 3)) --size "$size" --results "$results" "${jmx[@]}"
  if [[ "$target" == kafka-* ]]; then
    # shellcheck disable=SC2086 # QUIRE_BENCH_JAVA_OPTS holds several options
    java ${QUIRE_BENCH_JAVA_OPTS:-} -cp "${jar[0]}:$KAFKA_LIB/*" io.quire.bench.e2e.KafkaTopicsCheck \
      --bootstrap-servers "127.0.0.1:$base" --target "$target" --replication-factor $((nodes < 3 ? nodes : 3)) \
      --size "$size" --results "$results"
  fi
  stop_cluster
  rm -rf "$dir/data" "$dir"/node*/data
}

# Starts the 1-node cluster in $dir on $base while ScaleBench times it until ready (--start WHAT).
#   timed_scale_start WHAT [--set key=value]...
timed_scale_start() {
  local what=$1 since poller
  shift
  since="$(date +%s%3N)"
  scale_step ready --start "$what" --since-ms "$since" &
  poller=$!
  start_quire_cluster "$root" "$dir" 1 "$base" "$@"
  wait "$poller"
}

scale_step() {
  harness io.quire.bench.e2e.ScaleBench --step "$1" --bootstrap-servers "127.0.0.1:$base" \
    --http "127.0.0.1:$((base + 599))" --state "$dir/state.properties" --results "$results" --measures "$measures" \
    "${@:2}"
}

run_scale() {
  local dir="$work/quire-scale" base pid
  local settings=(--set plugins.wal=file --set snapshot.every-records=1000000000)
  echo "run-compare: quire-scale" >&2
  base="$(free_base_port 1 "${QUIRE_PORT_OFFSETS[@]}")"
  timed_scale_start empty "${settings[@]}"
  pid="$(ss -Hltnp "sport = :$base" | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)"
  scale_step fill --pid "$pid"
  scale_step churn --records 1000000
  stop_cluster
  # The same data twice: one copy replays its WAL, the other first takes a snapshot of it all.
  cp -a "$dir/data" "$dir/data-for-snapshot"
  timed_scale_start replay "${settings[@]}"
  stop_cluster
  rm -rf "$dir/data"
  mv "$dir/data-for-snapshot" "$dir/data"
  start_quire_cluster "$root" "$dir" 1 "$base" --set plugins.wal=file --set snapshot.every-records=1
  scale_step snapshot --log "$dir/logs/node1.log"
  stop_cluster
  timed_scale_start snapshot "${settings[@]}"
  stop_cluster
  rm -rf "$dir/data"
}

for target in "${targets[@]}"; do
  if [[ "$target" == quire-scale ]]; then
    run_scale
  else
    run_target "$target"
  fi
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

report() {
  local fs
  fs="$(df --output=source,fstype "$work" | tail -n 1)"
  echo
  echo "## Side by side: Quire, Kafka 4.4 KRaft and the floor ($started, $size)"
  echo
  echo "Command: \`$command_line\`, $((SECONDS - begin)) s, the build before it not counted. Load average (1, 5, 15 min) before: $load_before; after: $load_after."
  echo
  echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), kernel $(uname -r), disk $fs under"
  echo "\`bench/target/compare\` (every target's data directory and the floor's file), $(java -version 2>&1 | head -n 1)."
  echo
  harness io.quire.bench.e2e.CompareReport --results "$results" --size "$size" --measures "$measures"
}
if [[ -n "$docs" ]]; then
  report | tee -a "$docs"
else
  report
fi
