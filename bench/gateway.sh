#!/usr/bin/env bash
# Gateway overhead (issue: proxied no-op route vs. the same request straight to the upstream, target >= 0.7), and
# whether a flooding tenant slows another one down.
#
# The suite runs as usual; a second gateway JVM (same build, same PostgreSQL, so the same keys) routes the analytics
# family to NoopUpstream.java, a server that answers at once. A/B/A: straight to the no-op upstream, through the
# gateway with a read key, straight again; first with everything sharing the machine's cores, then with the gateway
# on a core of its own (taskset), which is how it is deployed and scaled. Then the noisy-tenant phase: a quiet
# tenant's requests alone, then while another tenant floods the same gateway past its rate limit.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${BENCH_DURATION:-15s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
NOOP_PORT="${BENCH_NOOP_PORT:-18099}"
GATEWAY_PORT="${BENCH_GATEWAY_PORT:-18098}"
NOISY_LIMIT="${BENCH_NOISY_LIMIT:-200}"
# The measured gateway runs with the JIT it has in production (C2), not the run command's quick-start C1, and is
# warmed up long enough for C2 to compile the request path.
GATEWAY_JVM_OPTIONS="${BENCH_GATEWAY_JVM_OPTIONS:--XX:+UseSerialGC -Xss512k}"
WARMUP="${BENCH_WARMUP:-20s}"

ensure_wrk
start_suite
load_before=$(load_average)

java -Dsun.net.httpserver.nodelay=true "$BENCH_DIR/NoopUpstream.java" "$NOOP_PORT" >"$WORK/noop.log" 2>&1 &
NOOP_PID=$!
PORT="$GATEWAY_PORT" POSTGRES_URL="postgresql://127.0.0.1:${UPTAKE_POSTGRES_PORT:-15432}/gateway" \
  UPTAKE_INTERNAL_TOKEN="$(cat "$SUITE_DATA/internal-token")" UPTAKE_OPERATOR_TOKEN="$UPTAKE_OPERATOR_TOKEN" \
  INGESTION_URL="http://127.0.0.1:$NOOP_PORT" SCORING_URL="http://127.0.0.1:$NOOP_PORT" CAMPAIGN_URL="http://127.0.0.1:$NOOP_PORT" \
  UPTAKE_RATE_OTHER_PER_SECOND=10000000 UPTAKE_RATE_OTHER_BURST=10000000 \
  java -Xmx${UPTAKE_SERVICE_HEAP:-256m} $GATEWAY_JVM_OPTIONS \
  -jar "$ROOT/api-gateway/target/quarkus-app/quarkus-run.jar" >"$WORK/bench-gateway.log" 2>&1 &
GATEWAY_PID=$!
trap 'kill $NOOP_PID $GATEWAY_PID 2>/dev/null || true; stop_suite' EXIT
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$GATEWAY_PORT/q/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -sf "http://127.0.0.1:$GATEWAY_PORT/q/health/ready" >/dev/null || { tail -30 "$WORK/bench-gateway.log" >&2; exit 1; }

export BENCH_READ_KEY="$UPTAKE_READ_KEY"
export BENCH_INTERNAL_TOKEN="$(cat "$SUITE_DATA/internal-token")"
direct_url="http://127.0.0.1:$NOOP_PORT/v1/accounts?limit=1"
proxied_url="http://127.0.0.1:$GATEWAY_PORT/v1/accounts?limit=1"

# aba <label>: A/B/A, leaving direct_a, proxied, direct_b and the statuses in variables prefixed by <label>.
aba() {
  wrk_rps "$WARMUP" "$CONNECTIONS" "$BENCH_DIR/gateway-proxied.lua" "$proxied_url" >/dev/null  # warm-up
  eval "${1}_direct_a=$(wrk_rps "$DURATION" "$CONNECTIONS" "$BENCH_DIR/gateway-direct.lua" "$direct_url")"
  eval "${1}_proxied=$(wrk_rps "$DURATION" "$CONNECTIONS" "$BENCH_DIR/gateway-proxied.lua" "$proxied_url")"
  eval "${1}_proxied_statuses='$(statuses_of gateway-proxied)'"
  eval "${1}_direct_b=$(wrk_rps "$DURATION" "$CONNECTIONS" "$BENCH_DIR/gateway-direct.lua" "$direct_url")"
}

log "shared cores: A/B/A"
aba shared
pinned=no
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null 2>&1; then
  log "gateway on core 0; upstream, suite and wrk on core 1: A/B/A"
  taskset -acp 0 "$GATEWAY_PID" >/dev/null
  for pid in $NOOP_PID $(pgrep -f "quarkus-run.jar|launcher.Main|KafkaServerMain|PostgresMain"); do
    [ "$pid" = "$GATEWAY_PID" ] || taskset -acp 1 "$pid" >/dev/null 2>&1 || true
  done
  WRK="taskset -c 1 wrk"
  aba pinned
  pinned=yes
fi

# Noisy neighbour: a second tenant with a rate limit of its own floods the gateway; the quiet tenant's latency is
# measured alone and during the flood (4 connections, well under its limit).
log "noisy tenant: quiet alone, then during a flood"
curl -sf -X POST "http://127.0.0.1:$GATEWAY_PORT/admin/tenants" -H "Authorization: Bearer $UPTAKE_OPERATOR_TOKEN" \
  -H 'Content-Type: application/json' -d '{"id":"bench-noisy","name":"Noisy"}' >/dev/null || true
curl -sf -X PUT "http://127.0.0.1:$GATEWAY_PORT/admin/tenants/bench-noisy/settings" \
  -H "Authorization: Bearer $UPTAKE_OPERATOR_TOKEN" -H 'Content-Type: application/json' \
  -d "{\"otherPerSecond\":$NOISY_LIMIT,\"otherBurst\":$NOISY_LIMIT}" >/dev/null
noisy_key=$(curl -sf -X POST "http://127.0.0.1:$GATEWAY_PORT/admin/tenants/bench-noisy/keys" \
  -H "Authorization: Bearer $UPTAKE_OPERATOR_TOKEN" -H 'Content-Type: application/json' -d '{"kind":"read"}' \
  | sed -E 's/.*"key":"([^"]+)".*/\1/')
quiet_latency() {  # prints "rps p50 p99" of the quiet tenant for <duration>
  local out
  out=$(${WRK:-wrk} -t1 -c4 -d"$1" --latency -s "$BENCH_DIR/gateway-proxied.lua" "$proxied_url")
  echo "$out" >>"$WORK/wrk.log"
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk '$1 == "50%" {print $2}') $(echo "$out" | awk '$1 == "99%" {print $2}')"
}
quiet_alone=$(quiet_latency "$DURATION")
BENCH_READ_KEY="$noisy_key" ${WRK:-wrk} -t1 -c"$CONNECTIONS" -d"$(( ${DURATION%s} + 4 ))s" \
  -s "$BENCH_DIR/gateway-proxied.lua" "$proxied_url" >"$WORK/noisy.out" 2>&1 &
NOISY_PID=$!
sleep 2
quiet_flooded=$(quiet_latency "$DURATION")
wait $NOISY_PID || true
noisy_statuses=$(grep '^statuses:' "$WORK/noisy.out" | sed 's/^statuses: //')
noisy_rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/noisy.out")
load_after=$(load_average)

row() {  # row <label> <title>
  local a b p s
  eval "a=\$${1}_direct_a; b=\$${1}_direct_b; p=\$${1}_proxied; s=\$${1}_proxied_statuses"
  echo "| $2: straight to the no-op upstream (A, then A again) | $a, $b (mean $(mean "$a" "$b")) | 1.00 |"
  echo "| $2: through the gateway (read key) | $p ($s) | $(ratio "$p" "$(mean "$a" "$b")") |"
}
{
  echo
  echo "## gateway — $(date -u +%Y-%m-%d)"
  machine
  echo "- settings: wrk 2 threads, $CONNECTIONS connections, $DURATION per phase after a $WARMUP warm-up; GET /v1/accounts?limit=1"
  echo "  routed by a second gateway JVM (same build and PostgreSQL; JVM \`$GATEWAY_JVM_OPTIONS\`) to NoopUpstream.java (JDK HttpServer, 4 threads, TCP_NODELAY),"
  echo "  which answers at once: the ratio is the gateway's own cost (key, policy, rate limit, proxy). Direct requests"
  echo "  go to the no-op upstream. Pinned rows: gateway on core 0 (taskset); upstream, idle suite and wrk on core 1."
  echo "  Noisy tenant: 1 wrk thread x $CONNECTIONS connections with a key whose tenant is limited to $NOISY_LIMIT requests/s,"
  echo "  against the quiet tenant's 1 thread x 4 connections$([ "$pinned" = yes ] && echo ' (pinned as above)')"
  echo "- load average before / after: $load_before / $load_after"
  echo
  echo "| measure | requests/s | ratio |"
  echo "|---|---|---|"
  row shared "shared cores"
  [ "$pinned" = yes ] && row pinned "gateway on its own core"
  echo
  echo "| quiet tenant (4 connections) | requests/s | p50 | p99 |"
  echo "|---|---|---|---|"
  read -r r p50 p99 <<<"$quiet_alone"; echo "| alone | $r | $p50 | $p99 |"
  read -r r p50 p99 <<<"$quiet_flooded"; echo "| while the noisy tenant floods ($noisy_rps requests/s: $noisy_statuses) | $r | $p50 | $p99 |"
} | tee -a "$RESULTS"
