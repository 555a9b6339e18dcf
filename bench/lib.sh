#!/usr/bin/env bash
# Shared by the benchmark scripts: machine facts, the suite in the background, the reference tools, results.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
RESULTS="$BENCH_DIR/RESULTS.md"
WORK="$BENCH_DIR/target"
mkdir -p "$WORK"

log() { echo "bench: $*" >&2; }

# The service JVMs run as in production, with C2; the run command's own default stops at C1 for quick starts on a
# laptop. C2 needs about a minute of load before the request path is compiled, hence the warm-up.
export UPTAKE_SERVICE_JVM_OPTIONS="${UPTAKE_SERVICE_JVM_OPTIONS:--XX:+UseSerialGC -Xss512k}"
WARMUP="${BENCH_WARMUP:-60s}"
# The same in seconds without the unit, for the Java load programs; BENCH_WARMUP may be given with or without "s".
WARMUP_SECONDS="${WARMUP%s}"

machine() {
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m), $(java -version 2>&1 | head -1)"
  echo "- commit: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet -- . ':(exclude)bench/RESULTS.md' || echo ' (with uncommitted changes)')"
  echo "- suite: service JVMs \`${UPTAKE_SERVICE_JVM_OPTIONS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k}\` with heaps $(service_heaps), Mongo stand-in on ${UPTAKE_MONGO_STORAGE:-h2} in the launcher's JVM \`${LAUNCHER_OPTIONS:-(not read)}\`, scoring and campaign at nice ${UPTAKE_CONSUMER_NICE:-10}"
}

# service_heaps: "ingestion-service 256m, ..." as the running service JVMs were given them (-Xmx on their command
# lines), so results say what ran; the defaults live in the launcher.
service_heaps() {
  local pid line out=""
  for pid in $(pgrep -f "quarkus-run.jar" || true); do
    line=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || continue
    out="$out, $(echo "$line" | grep -oE "[a-z]+-(service|gateway)/target" | head -1 | sed 's|/target||') $(echo "$line" | grep -oE -- "-Xmx[^ ]+" | tail -1 | sed 's/-Xmx//')"
  done
  [ -n "$out" ] && echo "${out#, }" || echo "(not read)"
}

load_average() { cut -d' ' -f1-3 /proc/loadavg; }

# launcher_options <pid of ./uptake run>: the JVM options the run command gave the launcher (it hosts the Mongo
# stand-in), read from its command line once it runs, so results say what ran and the default lives only in ./uptake.
launcher_options() { tr '\0' ' ' <"/proc/$1/cmdline" | sed -E 's/^java (.*) -Dorg\.slf4j\.simpleLogger\.defaultLogLevel.*/\1/'; }

ensure_wrk() {
  command -v wrk >/dev/null 2>&1 && return
  log "installing wrk (Debian package)"
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null
  fi
  command -v wrk >/dev/null 2>&1 || { echo "bench: wrk is missing and could not be installed (apt-get install wrk)" >&2; exit 1; }
}

kafka_tools_classpath() {
  local file="$WORK/kafka-tools.classpath"
  if [ ! -s "$file" ] || [ "$BENCH_DIR/pom.xml" -nt "$file" ]; then
    (cd "$ROOT" && ./mvnw -B -q -f bench/pom.xml dependency:build-classpath -Dmdep.outputFile="$file" >/dev/null)
  fi
  cat "$file"
}

# producer_perf <topic> <records> <record-size>: prints records/s of Kafka's ProducerPerformance, with the settings
# ingestion uses (acks=all, idempotence, lz4, linger 0 ms).
producer_perf() {
  local out
  out=$(java -Xmx512m -cp "$(kafka_tools_classpath)" org.apache.kafka.tools.ProducerPerformance \
    --topic "$1" --num-records "$2" --record-size "$3" --throughput -1 \
    --producer-props bootstrap.servers="$KAFKA" acks=all enable.idempotence=true compression.type=lz4 linger.ms=0 2>/dev/null | tail -1)
  echo "$out" | sed -E 's/.* records sent, ([0-9.]+) records\/sec.*/\1/'
}

# start_suite: ./uptake run in the background on a throwaway data folder; exports UPTAKE_URL, keys, KAFKA and
# BENCH_AUTH.
start_suite() {
  (cd "$ROOT" && ./uptake build >"$WORK/build.log" 2>&1) || { tail -30 "$WORK/build.log" >&2; log "the build failed"; exit 1; }
  SUITE_DATA="$(mktemp -d /tmp/uptake-bench.XXXXXX)"
  log "starting the suite (data in $SUITE_DATA)"
  # Emptied before the suite starts: the background redirect may come after the first look for "Uptake is running".
  : >"$WORK/suite.out"
  # Rate limits are lifted: the benchmarks measure throughput, not the limiter (which has its own tests).
  UPTAKE_RATE_TRACKING_PER_SECOND=10000000 UPTAKE_RATE_TRACKING_BURST=10000000 \
  UPTAKE_RATE_OTHER_PER_SECOND=10000000 UPTAKE_RATE_OTHER_BURST=10000000 \
  UPTAKE_DATA_DIR="$SUITE_DATA" "$ROOT/uptake" run >"$WORK/suite.out" 2>&1 &
  SUITE_PID=$!
  trap stop_suite EXIT
  for _ in $(seq 1 300); do
    grep -q "Uptake is running" "$WORK/suite.out" && break
    kill -0 "$SUITE_PID" 2>/dev/null || { cat "$WORK/suite.out" >&2; echo "bench: the suite did not start" >&2; exit 1; }
    sleep 1
  done
  grep -q "Uptake is running" "$WORK/suite.out" || { echo "bench: the suite was not ready in 300 s" >&2; exit 1; }
  LAUNCHER_OPTIONS="$(launcher_options "$SUITE_PID")"
  set -a; . "$SUITE_DATA/demo-keys.env"; set +a
  KAFKA="127.0.0.1:${UPTAKE_KAFKA_PORT:-19092}"
  # The write key as an HTTP Basic username with an empty password, as the wrk scripts send it.
  export BENCH_AUTH="$(printf '%s:' "$UPTAKE_WRITE_KEY" | base64 -w0)"
}

# pause_consumers / resume_consumers: SIGSTOP / SIGCONT scoring-service and campaign-service, the event and signal
# consumers. In production they run on nodes of their own; here they share the 2 cores (and the Mongo stand-in) with
# the ingestion path, so the scripts also measure that path with them paused. Kafka keeps what they have not read.
consumer_pids() { pgrep -f "scoring-service/target|campaign-service/target" || true; }
pause_consumers() { for pid in $(consumer_pids); do kill -STOP "$pid"; done; CONSUMERS_PAUSED=yes; }
resume_consumers() { for pid in $(consumer_pids); do kill -CONT "$pid"; done; CONSUMERS_PAUSED=""; }

stop_suite() {
  [ -n "${CONSUMERS_PAUSED:-}" ] && resume_consumers
  if [ -n "${SUITE_PID:-}" ] && kill -0 "$SUITE_PID" 2>/dev/null; then
    log "stopping the suite"
    kill -TERM "$SUITE_PID" 2>/dev/null || true
    wait "$SUITE_PID" 2>/dev/null || true
  fi
  [ -n "${SUITE_DATA:-}" ] && rm -rf "$SUITE_DATA"
  SUITE_PID=""
}

# wrk_rps <duration> <connections> <lua script> <url>: requests/s as wrk reports it.
wrk_rps() {
  local out
  out=$(${WRK:-wrk} -t2 -c"$2" -d"$1" --latency -s "$3" "$4")
  echo "$out" >>"$WORK/wrk.log"
  log "$(basename "$3"): $(echo "$out" | grep '^statuses:')"
  echo "$out" | grep '^statuses:' | sed "s/^/$(basename "$3" .lua) /" >>"$WORK/statuses.log"
  echo "$out" | awk '/Requests\/sec/ {print $2}'
}

# rss: "name=MB" per process of the suite (services, the launcher hosting the Mongo stand-in, Kafka, PostgreSQL's
# supervisor), resident memory from /proc.
rss() {
  local pid name
  for pid in $(pgrep -f "quarkus-run.jar|launcher.Main|KafkaServerMain|PostgresMain"); do
    name=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -oE "[a-z]+-(service|gateway)/target|launcher.Main|KafkaServerMain|PostgresMain" | head -1)
    [ -n "$name" ] || continue
    echo "${name%/target}=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status" 2>/dev/null)"
  done | sort
}

# rss_peak_while <pid>: samples rss every second until <pid> ends; prints each process's highest figure.
rss_peak_while() {
  while kill -0 "$1" 2>/dev/null; do rss; sleep 1; done \
    | awk -F= '{ if ($2 + 0 > peak[$1]) peak[$1] = $2 + 0 } END { for (n in peak) print n "=" peak[n] }' | sort
}

# rss_table <idle lines> <load lines>: markdown rows "| process | idle MB | under load MB |".
rss_table() {
  join -t= -a1 <(echo "$1") <(echo "$2") | awk -F= '{ printf "| %s | %s | %s |\n", $1, $2, ($3 == "" ? "n/a" : $3) }'
}

# statuses_of <lua script name>: the last status line wrk logged for it.
statuses_of() { grep "^$1 " "$WORK/statuses.log" | tail -1 | sed "s/^$1 statuses: //"; }

# Three decimals: a ratio of 0.498 printed as 0.50 would read as a target met.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.3f", a / b }'; }
mean() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (a + b) / 2 }'; }
