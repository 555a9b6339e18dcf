#!/usr/bin/env bash
# Scoring throughput (M4): events/s scoring-service applies, from records of ingestion's shape put straight onto
# uptake.events.v1 until the account API counts every one, against a bare Kafka consumer that parses the same records
# and counts per account in memory (same run). Then ingestion through the gateway at full speed, with what scoring has
# not yet handled sampled meanwhile and until it has caught up, to show whether it keeps up. Target: scoring >= 0.5 x
# the bare consumer. Also the architecture's floor in bare code (BareConsumer.java given a Mongo URI: per poll, each
# account-day's and user-day's counts as bulk $inc upserts into the same Mongo server), which bounds what a consumer
# writing exact rollups per poll reaches on these cores.
# Appends its figures to bench/RESULTS.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$BENCH_DIR/lib-scoring.sh"

EVENTS="${BENCH_EVENTS:-200000}"
# A first drain, not measured, so the measured one runs compiled code (C2), as a service that has run a while does.
WARMUP_EVENTS="${BENCH_WARMUP_EVENTS:-100000}"
ACCOUNTS="${BENCH_ACCOUNTS:-500}"
USERS_PER_ACCOUNT="${BENCH_USERS_PER_ACCOUNT:-20}"
DURATION="${BENCH_DURATION:-20s}"
CONNECTIONS="${BENCH_CONNECTIONS:-8}"
TIMEOUT="${BENCH_TIMEOUT:-120}"
CATCH_UP_TIMEOUT="${BENCH_CATCH_UP_TIMEOUT:-45}"
RESULTS="${BENCH_RESULTS:-$RESULTS}"
TOPIC=uptake.events.v1

ensure_wrk
kafka_tools_classpath >/dev/null
start_suite
trap_background_and_suite
run="m4-$(date +%s)"
api=(--bootstrap="$KAFKA" --url="$UPTAKE_URL" --read-key="$UPTAKE_READ_KEY" --timeout="$TIMEOUT")
load_before=$(load_average)

log "warm-up: $WARMUP_EVENTS events straight onto $TOPIC, not measured"
warmup=$(bench_java ScoringLoad.java produce-and-await "${api[@]}" --prefix="$run-warmup" --events="$WARMUP_EVENTS" \
  --accounts="$ACCOUNTS" --users-per-account="$USERS_PER_ACCOUNT")
[ "$(value complete "$warmup")" = true ] || log "scoring did not count all $WARMUP_EVENTS warm-up events in $TIMEOUT s"

log "B: $EVENTS events straight onto $TOPIC ($ACCOUNTS accounts x $USERS_PER_ACCOUNT users), until the API counts all"
drain=$(bench_java ScoringLoad.java produce-and-await "${api[@]}" --prefix="$run-direct" --events="$EVENTS" \
  --accounts="$ACCOUNTS" --users-per-account="$USERS_PER_ACCOUNT")
echo "$drain" >"$WORK/scoring-drain.out"
[ "$(value complete "$drain")" = true ] || log "scoring did not count all $EVENTS events in $TIMEOUT s"

log "A: bare consumer, new group, from the beginning of the same records"
bare_a=$(bench_java BareConsumer.java "$KAFKA" "$TOPIC")

log "the architecture's floor: bare rollups into the Mongo stand-in, new group, from the beginning of the same records"
rollups=$(bench_java BareConsumer.java "$KAFKA" "$TOPIC" "mongodb://127.0.0.1:${UPTAKE_MONGO_PORT:-27117}")

log "ingestion through the gateway, batches of 100, $CONNECTIONS connections for $DURATION; scoring sampled until it catches up"
export BENCH_PREFIX="$run-gateway"
accepted_before=$(accepted_events)
wrk_run 5s "$CONNECTIONS" "$BENCH_DIR/scoring-batch.lua" "$UPTAKE_URL" >"$WORK/scoring-warmup.out"
background bench_java ScoringLoad.java lag --bootstrap="$KAFKA" --seconds="${DURATION%s}" \
  --settle-timeout="$CATCH_UP_TIMEOUT" --scoring-metrics="http://127.0.0.1:${UPTAKE_SCORING_PORT:-8082}/q/metrics" \
  >"$WORK/scoring-lag.out"
read -r batch_rps batch_ok < <(wrk_run "$DURATION" "$CONNECTIONS" "$BENCH_DIR/scoring-batch.lua" "$UPTAKE_URL")
wait "${BACKGROUND_PIDS[@]}" || true
BACKGROUND_PIDS=()
read -r _ warmup_ok <"$WORK/scoring-warmup.out"
lag=$(cat "$WORK/scoring-lag.out")
sleep 2  # the requests wrk left in flight finish
accepted=$(($(accepted_events) - accepted_before))
catch_up=$(bench_java ScoringLoad.java await "${api[@]}" --timeout="$CATCH_UP_TIMEOUT" --prefix="$BENCH_PREFIX" \
  --expected="$accepted")

log "A: bare consumer again (now also over the gateway's records)"
bare_b=$(bench_java BareConsumer.java "$KAFKA" "$TOPIC")
log "the architecture's floor again (now also over the gateway's records)"
rollups_b=$(bench_java BareConsumer.java "$KAFKA" "$TOPIC" "mongodb://127.0.0.1:${UPTAKE_MONGO_PORT:-27117}")
load_after=$(load_average)
failures=$(scoring_failures)

# When scoring did not count everything in time, the rate of what it did count is reported, marked as such.
if [ "$(value complete "$drain")" = true ]; then
  scoring_rate=$(value scoring_rate "$drain")
  scoring_note="all counted after $(value applied_seconds "$drain") s"
else
  scoring_rate=$(value counted_rate "$drain")
  scoring_note="INCOMPLETE: $(value counted "$drain") of $EVENTS counted after $(value applied_seconds "$drain") s; rate of those"
fi
bare=$(mean "$(value bare_rate "$bare_a")" "$(value bare_rate "$bare_b")")
floor=$(mean "$(value rollups_rate "$rollups")" "$(value rollups_rate "$rollups_b")")
ingest_eps=$(awk -v ok="$batch_ok" -v d="${DURATION%s}" 'BEGIN { printf "%.0f", ok * 100 / d }')
{
  echo
  echo "## scoring — $(date -u +%Y-%m-%d)"
  machine
  echo "- settings: $EVENTS TrackedEvent records (~$(value record_bytes "$drain") B, $ACCOUNTS accounts x $USERS_PER_ACCOUNT users,"
  echo "  5 event names) produced straight onto $TOPIC (acks=all, idempotence, lz4, linger.ms=5, 3 partitions) after a"
  echo "  warm-up drain of $WARMUP_EVENTS such records (other accounts, not measured; applied in $(value applied_seconds "$warmup") s);"
  echo "  scoring time runs from the first send until GET /v1/accounts (paged, every 0.5 s) sums eventCount = $EVENTS;"
  echo "  reference: BareConsumer.java (assigned partitions, new group id, max.poll.records 2000, fetch.max.wait.ms 100,"
  echo "  Jackson parse + per-account HashMap), right after the drain and again at the end; the architecture's floor:"
  echo "  BareConsumer.java given the Mongo URI (the same records, max.poll.records 6000 as scoring, per poll each"
  echo "  account-day's and user-day's counts by event name merged in memory and written as unordered bulk \$inc upserts"
  echo "  to the same Mongo server, then a synchronous commit), after each bare consumer;"
  echo "  ingestion: wrk 2 threads, $CONNECTIONS connections, batches of 100 through the gateway, $DURATION after a 5 s warm-up;"
  echo "  load generator, gateway, services, Mongo-wire server and broker share the same $(nproc) cores"
  echo "- load average before / after: $load_before / $load_after"
  echo
  echo "| measure | events/s | ratio to the bare consumer |"
  echo "|---|---|---|"
  echo "| bare consumer (after the drain, then at the end) | $(value bare_rate "$bare_a") ($(value bare_records "$bare_a") records), $(value bare_rate "$bare_b") ($(value bare_records "$bare_b") records) (mean $bare) | 1.00 |"
  echo "| the architecture's floor: bare rollups into the Mongo server (after the drain, then at the end) | $(value rollups_rate "$rollups") ($(value rollups_records "$rollups") records, $(value rollups_upserts "$rollups") upserts), $(value rollups_rate "$rollups_b") ($(value rollups_records "$rollups_b") records, $(value rollups_upserts "$rollups_b") upserts) (mean $floor) | $(ratio "$floor" "$bare") |"
  echo "| scoring-service applying $EVENTS events | $scoring_rate ($scoring_note; producing took $(value produce_seconds "$drain") s) | $(ratio "$scoring_rate" "$bare") |"
  echo "| ingestion through the gateway, same run (batches of 100) | $ingest_eps ($batch_rps requests/s; $(statuses_of scoring-batch)) | $(ratio "$ingest_eps" "$bare") |"
  echo
  echo "Scoring against the floor: $(ratio "$scoring_rate" "$floor")."
  echo
  echo "Records scoring-service had not yet handled during that ingestion and until it caught up (topic end offsets"
  echo "minus its applied, skipped and dead-lettered counters; a sample each second, fewer when sampling took longer): $(value behind_samples "$lag");"
  echo "$(value behind_at_load_stop "$lag") when the load stopped, all handled $(value caught_up_seconds "$lag") s later."
  echo "The group's committed lag, which trails that by up to the commit interval: $(value lag_samples "$lag")."
  echo "Then the account API counted $(value counted "$catch_up") of the $accepted events ingestion accepted (complete:"
  echo "$(value complete "$catch_up"); wrk tallied $(((warmup_ok + batch_ok) * 100)), missing the requests in flight when it stopped)."
  echo "scoring-service log over the whole run: $failures."
} | tee -a "$RESULTS"
