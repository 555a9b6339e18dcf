#!/usr/bin/env bash
# Ingestion throughput through the gateway (acks=all), single events and batches of 100, measured in the same run as
# Kafka's ProducerPerformance on the same broker with the same record size and producer settings (A/B/A).
# Target: batch ingestion >= 0.5 x the bare producer's events/s. Appends its figures to bench/RESULTS.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${BENCH_DURATION:-20s}"
RECORDS="${BENCH_REFERENCE_RECORDS:-300000}"
# A published TrackedEvent of the bench's shape serialises to about this many bytes.
RECORD_SIZE="${BENCH_RECORD_SIZE:-420}"

ensure_wrk
start_suite
load_before=$(load_average)

sleep 5
rss_idle=$(rss)
log "A: ProducerPerformance, $RECORDS records of $RECORD_SIZE bytes"
ref_a=$(producer_perf bench.reference "$RECORDS" "$RECORD_SIZE")
log "B: batches of 100 through the gateway for $DURATION"
wrk_rps "$WARMUP" 8 "$BENCH_DIR/ingest-batch.lua" "$UPTAKE_URL" >/dev/null   # warm-up
wrk_rps "$DURATION" 8 "$BENCH_DIR/ingest-batch.lua" "$UPTAKE_URL" >"$WORK/batch.rps" &
rss_load=$(rss_peak_while $!)
batch_rps=$(cat "$WORK/batch.rps")
batch_statuses=$(statuses_of ingest-batch)
log "B: single events through the gateway for $DURATION"
single_rps=$(wrk_rps "$DURATION" 32 "$BENCH_DIR/ingest-single.lua" "$UPTAKE_URL")
log "B: batches of 100 with scoring and campaign paused for $DURATION"
pause_consumers
paused_rps=$(wrk_rps "$DURATION" 8 "$BENCH_DIR/ingest-batch.lua" "$UPTAKE_URL")
paused_statuses=$(statuses_of ingest-batch)
# Still paused: resumed, the consumers would catch up on the runs above while the reference runs, and slow it down as
# they did not in the first reference run.
log "A: ProducerPerformance again"
ref_b=$(producer_perf bench.reference "$RECORDS" "$RECORD_SIZE")
resume_consumers
load_after=$(load_average)

batch_eps=$(awk -v r="$batch_rps" 'BEGIN { printf "%.0f", r * 100 }')
paused_eps=$(awk -v r="$paused_rps" 'BEGIN { printf "%.0f", r * 100 }')
ref=$(mean "$ref_a" "$ref_b")
{
  echo
  echo "## ingest — $(date -u +%Y-%m-%d)"
  machine
  echo "- settings: wrk 2 threads, batch 8 connections, single 32 connections, $DURATION each after a $WARMUP warm-up of batches;"
  echo "  reference: ProducerPerformance $RECORDS records x $RECORD_SIZE B, acks=all, idempotence, lz4, linger.ms=0 (as ingestion);"
  echo "  load generator, gateway, services and broker share the same $(nproc) cores"
  echo "- load average before / after: $load_before / $load_after"
  echo
  echo "| measure | events/s | ratio to the bare producer |"
  echo "|---|---|---|"
  echo "| Kafka ProducerPerformance (A, then A again) | $ref_a, $ref_b (mean $ref) | 1.00 |"
  echo "| Uptake batches of 100 through the gateway | $batch_eps ($batch_rps requests/s; $batch_statuses) | $(ratio "$batch_eps" "$ref") |"
  echo "| Uptake single events through the gateway | $single_rps ($(statuses_of ingest-single)) | $(ratio "$single_rps" "$ref") |"
  echo "| Uptake batches of 100, scoring and campaign paused (as on nodes of their own) | $paused_eps ($paused_rps requests/s; $paused_statuses) | $(ratio "$paused_eps" "$ref") |"
  echo
  echo "Resident memory (M8), MB: at idle after start, and the peak while the batches ran (service heaps: $(service_heaps);"
  echo "launcher.Main hosts the Mongo-wire stand-in)."
  echo
  echo "| process | idle | under batch load |"
  echo "|---|---|---|"
  rss_table "$rss_idle" "$rss_load"
} | tee -a "$RESULTS"
