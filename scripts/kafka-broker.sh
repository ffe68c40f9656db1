#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft, broker + controller) on 127.0.0.1, run from the Maven
# Central artifacts that the kafka-broker module resolves; for tests and CI where no Docker engine runs.
#
#   scripts/kafka-broker.sh start   # prints the bootstrap address (default 127.0.0.1:19092)
#   scripts/kafka-broker.sh stop
#   scripts/kafka-broker.sh restart # stop and start again, keeping the data (a broker restart)
#   scripts/kafka-broker.sh status
#
# Settings (environment): KAFKA_TEST_PORT (19092; the controller takes the next port),
# KAFKA_TEST_DIR (target/kafka-test-broker under the repository), KAFKA_TEST_HEAP (128m).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${KAFKA_TEST_PORT:-19092}"
CONTROLLER_PORT=$((PORT + 1))
DIR="${KAFKA_TEST_DIR:-$ROOT/kafka-broker/target/kafka-test-broker}"
HEAP="${KAFKA_TEST_HEAP:-128m}"
CP_FILE="$ROOT/kafka-broker/target/broker.classpath"
PID_FILE="$DIR/broker.pid"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

classpath() {
  if [[ ! -s "$CP_FILE" ]]; then
    (cd "$ROOT" && ./mvnw -q -B generate-resources -pl kafka-broker) >&2
  fi
  cat "$CP_FILE"
}

launch() {
  local cp; cp="$(classpath)"
  nohup java -Xmx"$HEAP" -Xms"$HEAP" -XX:+UseSerialGC -Dlog4j2.configurationFile="$ROOT/kafka-broker/log4j2.properties" \
    -cp "$cp" kafka.Kafka "$DIR/server.properties" >> "$DIR/broker.log" 2>&1 &
  echo $! > "$PID_FILE"
  for _ in $(seq 1 300); do
    if port_open "$PORT"; then echo "127.0.0.1:$PORT"; return 0; fi
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      echo "kafka-broker: the broker exited; see $DIR/broker.log" >&2; tail -20 "$DIR/broker.log" >&2; return 1
    fi
    sleep 0.1
  done
  echo "kafka-broker: not listening on $PORT after 30 s; see $DIR/broker.log" >&2
  return 1
}

start() {
  if [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    echo "127.0.0.1:$PORT"; return 0
  fi
  if port_open "$PORT"; then
    echo "kafka-broker: port $PORT is taken by something else; set KAFKA_TEST_PORT" >&2; return 1
  fi
  local cp; cp="$(classpath)"
  rm -rf "$DIR"; mkdir -p "$DIR/logs"
  cat > "$DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DIR/logs
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
log.cleaner.dedupe.buffer.size=2097152
PROPS
  local cluster
  cluster="$(java -cp "$cp" kafka.tools.StorageTool random-uuid)"
  java -cp "$cp" kafka.tools.StorageTool format -t "$cluster" -c "$DIR/server.properties" > "$DIR/format.log" 2>&1
  launch
}

stop() {
  [[ -f "$PID_FILE" ]] || return 0
  local pid; pid="$(cat "$PID_FILE")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; launch ;;
  status) [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null && echo "running on 127.0.0.1:$PORT" || echo "stopped" ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
