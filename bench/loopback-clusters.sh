# Sourced by run-e2e-bench.sh and run-compare.sh: starts and stops local clusters on 127.0.0.1 for
# a benchmark, Quire's (bin/quire cluster) and Apache Kafka's (KRaft, each node broker and
# controller in its own JVM), on free ports, and fails with the nodes' log tails when one does not
# start. Only one cluster runs at a time: stop_cluster stops whichever is running.

# How long a cluster may take to start before the run fails.
START_TIMEOUT_SECONDS=120

# The tail of every log under $1, for a cluster that failed.
print_log_tails() {
  local log
  for log in $(find "$1" -name '*.log' -o -name '*.out' | sort); do
    echo "---- last lines of $log" >&2
    tail -n 30 "$log" >&2
  done
}

# A base port such that, for each OFFSET, the ports base+OFFSET .. base+OFFSET+NODES-1 are unused.
# Bases stay below the kernel's ephemeral range (32768 and up by default), where a client connection
# made meanwhile could take one of the ports.
#   free_base_port NODES OFFSET...
free_base_port() {
  local nodes=$1 base offset port used
  shift
  used="$(ss -Htan | awk '{print $4}' | sed 's/.*://')"
  for base in $(shuf -i 20000-32000 -n 50); do
    for offset in "$@"; do
      for port in $(seq $((base + offset)) $((base + offset + nodes - 1))); do
        grep -qx "$port" <<<"$used" && continue 3
      done
    done
    echo "$base"
    return
  done
  echo "no free base port found" >&2
  return 1
}

cluster_pids=()
stop_cluster() {
  local pid
  for pid in "${cluster_pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${cluster_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  cluster_pids=()
}

# Starts bin/quire cluster from checkout HOME with its data and logs in DIR, and waits until it is
# running. Node N's ports: base+N-1 (Kafka), +198+N (tcp), +398+N (Raft), +498+N (Hazelcast), +598+N (HTTP).
#   start_quire_cluster HOME DIR NODES BASE [--set key=value]...
start_quire_cluster() {
  local home=$1 dir=$2 nodes=$3 base=$4
  shift 4
  mkdir -p "$dir/logs"
  QUIRE_SKIP_BUILD=1 "$home/bin/quire" cluster --nodes "$nodes" --base-port "$base" \
    --data-dir "$dir/data" --logs-dir "$dir/logs" "$@" >"$dir/logs/cluster.out" 2>&1 &
  cluster_pids=($!)
  local deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  until grep -q "is running" "$dir/logs/cluster.out"; do
    if ! kill -0 "${cluster_pids[0]}" 2>/dev/null || ((SECONDS > deadline)); then
      echo "the Quire cluster did not start" >&2
      stop_cluster
      print_log_tails "$dir/logs"
      return 1
    fi
    sleep 0.2
  done
}

QUIRE_PORT_OFFSETS=(0 199 399 499 599)
KAFKA_PORT_OFFSETS=(0 100 200)
# Kafka's own start script's JVM settings (kafka-server-start.sh, kafka-run-class.sh).
KAFKA_JVM_OPTS="-Xmx1G -Xms1G -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true"
KAFKA_STARTED_MESSAGE="Kafka Server started"
kafka_jmx_opts() {
  echo "-Dcom.sun.management.jmxremote=true -Dcom.sun.management.jmxremote.authenticate=false" \
    "-Dcom.sun.management.jmxremote.ssl=false -Dcom.sun.management.jmxremote.port=$1" \
    "-Dcom.sun.management.jmxremote.rmi.port=$1 -Dcom.sun.management.jmxremote.host=127.0.0.1" \
    "-Djava.rmi.server.hostname=127.0.0.1"
}

# Formats and starts NODES Apache Kafka nodes, each broker and controller (KRaft combined mode), on the
# class path in KAFKA_LIB, and waits until each has started. Node N serves clients on base+N-1, its
# controller on base+100+N-1 and JMX on 127.0.0.1:base+200+N-1, with the options kafka-run-class.sh
# sets when JMX_PORT is given (and the host pinned to loopback). Every PROPERTY (key=value) is added to each node's server.properties.
#   start_kafka_cluster DIR NODES BASE [PROPERTY]...
start_kafka_cluster() {
  local dir=$1 nodes=$2 base=$3 id voters="" cluster_id node_dir replicas
  shift 3
  replicas=$((nodes < 3 ? nodes : 3))
  for id in $(seq 1 "$nodes"); do
    voters+="${voters:+,}$id@127.0.0.1:$((base + 100 + id - 1))"
  done
  # A Kafka cluster id is 16 random bytes in URL-safe base64 without padding, as kafka-storage random-uuid prints.
  cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  cluster_pids=()
  for id in $(seq 1 "$nodes"); do
    node_dir="$dir/node$id"
    mkdir -p "$node_dir"
    # The settings of Kafka's own config/server.properties that a KRaft node needs, and otherwise its defaults.
    {
      echo "process.roles=broker,controller"
      echo "node.id=$id"
      echo "controller.quorum.voters=$voters"
      echo "listeners=PLAINTEXT://127.0.0.1:$((base + id - 1)),CONTROLLER://127.0.0.1:$((base + 100 + id - 1))"
      echo "advertised.listeners=PLAINTEXT://127.0.0.1:$((base + id - 1))"
      echo "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
      echo "controller.listener.names=CONTROLLER"
      echo "inter.broker.listener.name=PLAINTEXT"
      echo "log.dirs=$node_dir/data"
      echo "offsets.topic.replication.factor=$replicas"
      echo "transaction.state.log.replication.factor=$replicas"
      echo "transaction.state.log.min.isr=1"
      echo "share.coordinator.state.topic.replication.factor=$replicas"
      echo "share.coordinator.state.topic.min.isr=1"
      printf '%s\n' "$@"
    } >"$node_dir/server.properties"
    if ! java -Dlogback.configurationFile="$KAFKA_LOGBACK" -Dkafka.logs.dir="$node_dir" -cp "$KAFKA_LIB/*" \
        kafka.tools.StorageTool format -t "$cluster_id" -c "$node_dir/server.properties" >"$node_dir/format.out" 2>&1; then
      echo "kafka-storage format failed for Kafka node $id" >&2
      print_log_tails "$node_dir"
      return 1
    fi
  done
  for id in $(seq 1 "$nodes"); do
    node_dir="$dir/node$id"
    # shellcheck disable=SC2086 # KAFKA_JVM_OPTS holds several options
    java $KAFKA_JVM_OPTS $(kafka_jmx_opts $((base + 200 + id - 1))) \
      -Dlogback.configurationFile="$KAFKA_LOGBACK" -Dkafka.logs.dir="$node_dir" \
      -cp "$KAFKA_LIB/*" kafka.Kafka "$node_dir/server.properties" >"$node_dir/kafka.out" 2>&1 &
    cluster_pids+=($!)
  done
  local deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  for id in $(seq 1 "$nodes"); do
    node_dir="$dir/node$id"
    until grep -qs "$KAFKA_STARTED_MESSAGE" "$node_dir/kafka.log"; do
      if ! kill -0 "${cluster_pids[$((id - 1))]}" 2>/dev/null || ((SECONDS > deadline)); then
        echo "Kafka node $id did not start" >&2
        print_log_tails "$dir"
        stop_cluster
        return 1
      fi
      sleep 0.2
    done
  done
}
