#!/usr/bin/env bash
# M2: single-event POST /v1/track requests/s through the gateway, against a bare Vert.x endpoint that reads the same
# body (BareEndpoint.java: parse the JSON, answer {"success":true}), in the same run, A/B/A. Target: ratio >= 0.25.
# Also the architecture's floor in bare code (BareChain.java: a relay in front of an endpoint that answers once Kafka
# acknowledged the event, nothing else), which bounds what any implementation of the path reaches on these cores.
# The bare programs run with the services' JVM settings. Appends its figures to bench/RESULTS.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${BENCH_DURATION:-20s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
BARE_PORT="${BENCH_BARE_PORT:-18097}"
CHAIN_PORT="${BENCH_CHAIN_PORT:-18098}"
CHAIN_PRODUCER_PORT="${BENCH_CHAIN_PRODUCER_PORT:-18099}"

ensure_wrk
start_suite
# bare_java <log> <program args...>: a bare program of this folder with the services' JVM settings, in the background;
# waits for its "on <port>" line.
BARE_PIDS=()
bare_java() {
  local log="$WORK/$1"
  shift
  : >"$log"
  java -Xmx${UPTAKE_SERVICE_HEAP:-256m} $UPTAKE_SERVICE_JVM_OPTIONS -cp "$(kafka_tools_classpath)" "$@" >"$log" 2>&1 &
  BARE_PIDS+=("$!")
  for _ in $(seq 1 60); do grep -q " on " "$log" && return; sleep 1; done
  cat "$log" >&2
  exit 1
}
trap 'kill "${BARE_PIDS[@]}" 2>/dev/null || true; stop_suite' EXIT
bare_java bare.log "$BENCH_DIR/BareEndpoint.java" "$BARE_PORT"
bare_java chain-producer.log "$BENCH_DIR/BareChain.java" producer "$CHAIN_PRODUCER_PORT" "$KAFKA" bench.chain
bare_java chain-front.log "$BENCH_DIR/BareChain.java" front "$CHAIN_PORT" "$CHAIN_PRODUCER_PORT"
load_before=$(load_average)

wrk_rps "$WARMUP" "$CONNECTIONS" "$BENCH_DIR/ingest-single.lua" "http://127.0.0.1:$BARE_PORT" >/dev/null  # warm-up
wrk_rps "$WARMUP" "$CONNECTIONS" "$BENCH_DIR/ingest-single.lua" "http://127.0.0.1:$CHAIN_PORT" >/dev/null  # warm-up
wrk_rps "$WARMUP" "$CONNECTIONS" "$BENCH_DIR/ingest-single.lua" "$UPTAKE_URL" >/dev/null                  # warm-up
bare_a=$(wrk_rps "$DURATION" "$CONNECTIONS" "$BENCH_DIR/ingest-single.lua" "http://127.0.0.1:$BARE_PORT")
bare_a_statuses=$(statuses_of ingest-single)
chain=$(wrk_rps "$DURATION" "$CONNECTIONS" "$BENCH_DIR/ingest-single.lua" "http://127.0.0.1:$CHAIN_PORT")
chain_statuses=$(statuses_of ingest-single)
uptake=$(wrk_rps "$DURATION" "$CONNECTIONS" "$BENCH_DIR/ingest-single.lua" "$UPTAKE_URL")
uptake_statuses=$(statuses_of ingest-single)
pause_consumers
uptake_paused=$(wrk_rps "$DURATION" "$CONNECTIONS" "$BENCH_DIR/ingest-single.lua" "$UPTAKE_URL")
uptake_paused_statuses=$(statuses_of ingest-single)
chain_paused=$(wrk_rps "$DURATION" "$CONNECTIONS" "$BENCH_DIR/ingest-single.lua" "http://127.0.0.1:$CHAIN_PORT")
chain_paused_statuses=$(statuses_of ingest-single)
# Still paused: resumed, the consumers would catch up on the runs above while the reference runs (as they did not in
# the first reference run).
bare_b=$(wrk_rps "$DURATION" "$CONNECTIONS" "$BENCH_DIR/ingest-single.lua" "http://127.0.0.1:$BARE_PORT")
bare_b_statuses=$(statuses_of ingest-single)
resume_consumers
load_after=$(load_average)
bare=$(mean "$bare_a" "$bare_b")
{
  echo
  echo "## single (M2) — $(date -u +%Y-%m-%d)"
  machine
  echo "- settings: wrk 2 threads, $CONNECTIONS connections, $DURATION per phase after $WARMUP warm-ups; one track call per"
  echo "  request (ingest-single.lua, fresh messageIds); Uptake: gateway (write key, rate limit lifted) -> ingestion"
  echo "  (normalise, claim, Kafka acks=all, archive); reference: BareEndpoint.java (Vert.x, parses"
  echo "  the body, answers {\"success\":true}) with the services' JVM settings; the architecture's floor: BareChain.java, a"
  echo "  Vert.x relay (pooled keep-alive client) in front of a Vert.x endpoint that parses the body and answers once Kafka"
  echo "  acknowledged it (acks=all, idempotence, lz4, linger.ms=0, topic bench.chain), two JVMs with the same settings;"
  echo "  everything shares the same $(nproc) cores"
  echo "- load average before / after: $load_before / $load_after"
  echo
  echo "| measure | requests/s | ratio |"
  echo "|---|---|---|"
  echo "| bare Vert.x endpoint (A, then A again) | $bare_a, $bare_b (mean $bare; $bare_a_statuses / $bare_b_statuses) | 1.00 |"
  echo "| the architecture's floor: bare relay -> bare endpoint -> Kafka (consumers running, then paused) | $chain ($chain_statuses), $chain_paused ($chain_paused_statuses) | $(ratio "$chain" "$bare"), $(ratio "$chain_paused" "$bare") |"
  echo "| POST /v1/track through the gateway | $uptake ($uptake_statuses) | $(ratio "$uptake" "$bare") |"
  echo "| the same, scoring and campaign paused (as on nodes of their own) | $uptake_paused ($uptake_paused_statuses) | $(ratio "$uptake_paused" "$bare") |"
  echo
  echo "Target: >= 0.25 ($(awk -v u="$uptake" -v b="$bare" 'BEGIN { print (b > 0 && u / b >= 0.25) ? "met" : "not met" }'))."
  echo "Uptake against the floor: $(ratio "$uptake" "$chain") (running), $(ratio "$uptake_paused" "$chain_paused") (paused)."
} | tee -a "$RESULTS"
