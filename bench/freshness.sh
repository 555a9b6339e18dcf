#!/usr/bin/env bash
# Freshness (M5): per probe, the time from the 2xx of POST /v1/track to the moment GET /v1/accounts/{probe account}
# shows the incremented eventCount (polled every 50 ms), while a fixed-schedule background load of batches runs
# through the same gateway. Target: p95 <= 5 s at >= 1000 events/s. Appends its figures to bench/RESULTS.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$BENCH_DIR/lib-scoring.sh"

RATE="${BENCH_RATE:-1000}"
BATCH="${BENCH_BATCH:-50}"
PROBES="${BENCH_PROBES:-120}"
LOOPS="${BENCH_PROBE_LOOPS:-3}"
MAX_SECONDS="${BENCH_MAX_SECONDS:-150}"
PROBE_TIMEOUT="${BENCH_PROBE_TIMEOUT:-20}"
RESULTS="${BENCH_RESULTS:-$RESULTS}"

kafka_tools_classpath >/dev/null
start_suite
trap_background_and_suite
run="m5-$(date +%s)"
load_before=$(load_average)

log "$PROBES probes on $LOOPS probe accounts under $RATE events/s of background batches ($BATCH events each)"
out=$(bench_java Freshness.java --url="$UPTAKE_URL" --write-key="$UPTAKE_WRITE_KEY" --read-key="$UPTAKE_READ_KEY" \
  --prefix="$run" --rate="$RATE" --batch="$BATCH" --probes="$PROBES" --loops="$LOOPS" --poll-ms=50 \
  --warmup="$WARMUP_SECONDS" --max-seconds="$MAX_SECONDS" --probe-timeout="$PROBE_TIMEOUT")
echo "$out" >"$WORK/freshness.out"
load_after=$(load_average)
failures=$(scoring_failures)

p95=$(value p95 "$out")
verdict=$(awk -v p="$p95" -v n="$(value probes "$out")" -v want="$PROBES" 'BEGIN {
  if (n < want) print "not measured: fewer answered probes than asked";
  else if (p <= 5) print "met"; else print "missed" }')
{
  echo
  echo "## freshness — $(date -u +%Y-%m-%d)"
  machine
  echo "- settings: Freshness.java (java.net.http): background POST /v1/batch of $BATCH events on a fixed schedule for"
  echo "  $RATE events/s (3000 users, each in one of 300 accounts; a tick is skipped when 32 requests are in flight), $WARMUP_SECONDS s before the probes;"
  echo "  $PROBES probes over $LOOPS probe accounts side by side, one at a time each, 0-250 ms apart; a probe reads the"
  echo "  account's eventCount, sends one POST /v1/track, and from its 2xx polls GET /v1/accounts/{id} every 50 ms until the"
  echo "  count is one higher (time taken when that GET answers; probe timeout $PROBE_TIMEOUT s, whole run at most $MAX_SECONDS s);"
  echo "  then 20 signal probes, one at a time: a new account's first track call, then GET /v1/signals?subjectId= every 100 ms"
  echo "  until its segment signal is listed (scoring -> uptake.signals.v1 -> campaign-service -> PostgreSQL);"
  echo "  load generator, gateway, services, Mongo-wire server and broker share the same $(nproc) cores"
  echo "- load average before / after: $load_before / $load_after"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| probes answered / timed out | $(value probes "$out") / $(value probe_timeouts "$out") (loops failed: $(value probe_loops_failed "$out")) |"
  echo "| freshness p50 / p95 / p99 / max | $(value p50 "$out") s / $p95 s / $(value p99 "$out") s / $(value max "$out") s |"
  echo "| target p95 <= 5 s | $verdict |"
  echo "| background rate achieved (2xx events/s over the probing) | $(value background_rate "$out") of $RATE ($(value background_statuses "$out"); ticks skipped: $(value background_skipped "$out")) |"
  echo "| mean GET /v1/accounts/{id} while polling | $(value poll_get_mean_ms "$out") ms |"
  echo "| segment signal of a new account, 2xx -> listed by GET /v1/signals (answered / timed out) | $(value signal_probes "$out") / $(value signal_timeouts "$out") |"
  echo "| segment signal p50 / p95 / p99 | $(value signal_p50 "$out") s / $(value signal_p95 "$out") s / $(value signal_p99 "$out") s |"
  echo
  echo "scoring-service log over the whole run: $failures."
} | tee -a "$RESULTS"
