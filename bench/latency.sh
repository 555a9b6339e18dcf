#!/usr/bin/env bash
# M3: latency p50/p90/p99 of POST /v1/batch through the gateway at a fixed arrival rate of events (default 2,000
# events/s in batches of 100), free of coordinated omission (FixedRate.java: open model, latency from when each
# request was due). Target: p99 < 50 ms. Appends its figures to bench/RESULTS.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$BENCH_DIR/lib-scoring.sh"

RATE="${BENCH_RATE:-2000}"
BATCH="${BENCH_BATCH:-100}"
SECONDS_MEASURED="${BENCH_SECONDS:-30}"

kafka_tools_classpath >/dev/null
start_suite
load_before=$(load_average)
# Warmed up at the rate itself: at full speed the warm-up would leave scoring a backlog to chew on while measuring.
log "$RATE events/s in batches of $BATCH for $SECONDS_MEASURED s after a $WARMUP_SECONDS s warm-up at the same rate"
out=$(bench_java FixedRate.java --url="$UPTAKE_URL" --write-key="$UPTAKE_WRITE_KEY" --rate="$RATE" --batch="$BATCH" \
  --seconds="$SECONDS_MEASURED" --warmup="$WARMUP_SECONDS" --prefix="m3-$(date +%s)")
echo "$out" >"$WORK/latency.out"
log "again with scoring and campaign paused"
pause_consumers
paused=$(bench_java FixedRate.java --url="$UPTAKE_URL" --write-key="$UPTAKE_WRITE_KEY" --rate="$RATE" --batch="$BATCH" \
  --seconds="$SECONDS_MEASURED" --warmup="$WARMUP_SECONDS" --prefix="m3p-$(date +%s)")
resume_consumers
load_after=$(load_average)
p99=$(value p99_ms "$out")
{
  echo
  echo "## latency (M3) — $(date -u +%Y-%m-%d)"
  machine
  echo "- settings: FixedRate.java (java.net.http, open model): POST /v1/batch of $BATCH track calls due every"
  echo "  $(awk -v r="$RATE" -v b="$BATCH" 'BEGIN { printf "%.1f", 1000 * b / r }') ms ($RATE events/s) for $SECONDS_MEASURED s after a $WARMUP_SECONDS s warm-up at the same rate; latency runs from when each"
  echo "  request was due (free of coordinated omission); requests unanswered at the end count as lost, with the run's"
  echo "  length as latency; load generator, gateway, services, Mongo-wire server and broker share the same $(nproc) cores"
  echo "- load average before / after: $load_before / $load_after"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| requests measured / lost | $(value requests "$out") / $(value lost "$out") ($(value statuses "$out"); warm-up: $(value warmup_statuses "$out")) |"
  echo "| latency p50 / p90 / p99 / max | $(value p50_ms "$out") ms / $(value p90_ms "$out") ms / $p99 ms / $(value max_ms "$out") ms |"
  echo "| target p99 < 50 ms | $(awk -v p="$p99" 'BEGIN { print (p < 50) ? "met" : "not met" }') |"
  echo "| scoring and campaign paused (as on nodes of their own): requests measured / lost | $(value requests "$paused") / $(value lost "$paused") ($(value statuses "$paused"); warm-up: $(value warmup_statuses "$paused")) |"
  echo "| scoring and campaign paused: latency p50 / p90 / p99 / max | $(value p50_ms "$paused") ms / $(value p90_ms "$paused") ms / $(value p99_ms "$paused") ms / $(value max_ms "$paused") ms |"
} | tee -a "$RESULTS"
