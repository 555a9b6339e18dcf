#!/usr/bin/env bash
# Helpers shared by scoring.sh and freshness.sh, on top of lib.sh (source lib.sh first).

BACKGROUND_PIDS=()

# bench_java <Program.java> <args...>: runs a single-file Java program of this folder on the Kafka tools' classpath
# (kafka-clients and Jackson); its stderr (client logs) goes to target/java.log.
bench_java() {
  local program="$1"
  shift
  java -Xmx256m -XX:+UseSerialGC -cp "$(kafka_tools_classpath)" "$BENCH_DIR/$program" "$@" 2>>"$WORK/java.log"
}

# value <key> <key=value lines>: the value of one key printed by a bench program.
value() { echo "$2" | sed -n "s/^$1=//p" | tail -1; }

# background <command...>: starts a command in the background and remembers it, so the exit trap stops it.
background() {
  "$@" &
  BACKGROUND_PIDS+=("$!")
}

stop_background() {
  local pid
  for pid in "${BACKGROUND_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  BACKGROUND_PIDS=()
}

# Replaces start_suite's trap: background load first, then the suite.
trap_background_and_suite() { trap 'stop_background; stop_suite' EXIT; }

# wrk_run <duration> <connections> <lua script> <url>: prints "<requests/s> <2xx answers>" and logs wrk's output.
wrk_run() {
  local out ok
  out=$(wrk -t2 -c"$2" -d"$1" --latency -s "$3" "$4")
  echo "$out" >>"$WORK/wrk.log"
  log "$(basename "$3"): $(echo "$out" | grep '^statuses:')"
  echo "$out" | grep '^statuses:' | sed "s/^/$(basename "$3" .lua) /" >>"$WORK/statuses.log"
  ok=$(echo "$out" | grep '^statuses:' | tr ' ' '\n' | awk -F= '$1 ~ /^2[0-9][0-9]$/ { n += $2 } END { print n + 0 }')
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $ok"
}


# scoring_failures: what scoring-service logged about batches it could not apply during this run, one line.
scoring_failures() {
  local file="$SUITE_DATA/logs/scoring-service.log" retries causes
  [ -f "$file" ] || { echo "no scoring-service log"; return; }
  retries=$(grep -c "failed, retrying" "$file" || true)
  causes=$(grep "failed, retrying" "$file" | grep -o "E11000 duplicate key error collection: [a-z_.]*" | sort | uniq -c \
    | awk '{ printf "%s%s x %s", (NR > 1 ? ", " : ""), $NF, $1 }')
  echo "$retries 'Applying ... failed, retrying' warnings${causes:+ (E11000 duplicate key: $causes)}"
}

# accepted_events: events ingestion-service has accepted since it started (all tenants), from its own metrics. Exact
# where wrk's tally of 2xx answers is not: requests still in flight when wrk stops are accepted but never tallied.
accepted_events() {
  curl -sf "http://127.0.0.1:${UPTAKE_INGESTION_PORT:-8081}/q/metrics" \
    | awk '/^uptake_ingestion_events_total\{/ && /outcome="accepted"/ { n += $NF } END { printf "%.0f", n }'
}
