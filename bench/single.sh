#!/usr/bin/env bash
# M2: single-event POST /v1/track requests/s through the gateway, against a bare Vert.x endpoint that reads the same
# body (BareEndpoint.java: parse the JSON, answer {"success":true}), in the same run, A/B/A. Target: ratio >= 0.25.
# The bare endpoint runs with the services' JVM settings. Appends its figures to bench/RESULTS.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${BENCH_DURATION:-20s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
BARE_PORT="${BENCH_BARE_PORT:-18097}"

ensure_wrk
start_suite
java -Xmx${UPTAKE_SERVICE_HEAP:-256m} $UPTAKE_SERVICE_JVM_OPTIONS \
  -cp "$(kafka_tools_classpath)" "$BENCH_DIR/BareEndpoint.java" "$BARE_PORT" >"$WORK/bare.log" 2>&1 &
BARE_PID=$!
trap 'kill $BARE_PID 2>/dev/null || true; stop_suite' EXIT
for _ in $(seq 1 60); do grep -q "bare endpoint on" "$WORK/bare.log" && break; sleep 1; done
grep -q "bare endpoint on" "$WORK/bare.log" || { cat "$WORK/bare.log" >&2; exit 1; }
load_before=$(load_average)

wrk_rps "$WARMUP" "$CONNECTIONS" "$BENCH_DIR/ingest-single.lua" "http://127.0.0.1:$BARE_PORT" >/dev/null  # warm-up
wrk_rps "$WARMUP" "$CONNECTIONS" "$BENCH_DIR/ingest-single.lua" "$UPTAKE_URL" >/dev/null                  # warm-up
bare_a=$(wrk_rps "$DURATION" "$CONNECTIONS" "$BENCH_DIR/ingest-single.lua" "http://127.0.0.1:$BARE_PORT")
bare_a_statuses=$(statuses_of ingest-single)
uptake=$(wrk_rps "$DURATION" "$CONNECTIONS" "$BENCH_DIR/ingest-single.lua" "$UPTAKE_URL")
uptake_statuses=$(statuses_of ingest-single)
pause_consumers
uptake_paused=$(wrk_rps "$DURATION" "$CONNECTIONS" "$BENCH_DIR/ingest-single.lua" "$UPTAKE_URL")
uptake_paused_statuses=$(statuses_of ingest-single)
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
  echo "  the body, answers {\"success\":true}) with the services' JVM settings; everything shares the same $(nproc) cores"
  echo "- load average before / after: $load_before / $load_after"
  echo
  echo "| measure | requests/s | ratio |"
  echo "|---|---|---|"
  echo "| bare Vert.x endpoint (A, then A again) | $bare_a, $bare_b (mean $bare; $bare_a_statuses / $bare_b_statuses) | 1.00 |"
  echo "| POST /v1/track through the gateway | $uptake ($uptake_statuses) | $(ratio "$uptake" "$bare") |"
  echo "| the same, scoring and campaign paused (as on nodes of their own) | $uptake_paused ($uptake_paused_statuses) | $(ratio "$uptake_paused" "$bare") |"
  echo
  echo "Target: >= 0.25 ($(awk -v u="$uptake" -v b="$bare" 'BEGIN { print (b > 0 && u / b >= 0.25) ? "met" : "not met" }'))."
} | tee -a "$RESULTS"
