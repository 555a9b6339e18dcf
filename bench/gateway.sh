#!/usr/bin/env bash
# Gateway overhead: requests/s of a cheap proxied read (GET /v1/accounts?limit=1 on scoring) through the gateway,
# against the same request straight to the upstream, in the same run (A/B/A). Target: ratio >= 0.7.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${BENCH_DURATION:-15s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"

ensure_wrk
start_suite
export BENCH_READ_KEY="$UPTAKE_READ_KEY"
export BENCH_INTERNAL_TOKEN="$(cat "$SUITE_DATA/internal-token")"
scoring="http://localhost:${UPTAKE_SCORING_PORT:-8082}/v1/accounts?limit=1"
load_before=$(load_average)

wrk_rps 5s "$CONNECTIONS" "$BENCH_DIR/gateway-proxied.lua" "$UPTAKE_URL/v1/accounts?limit=1" >/dev/null  # warm-up
direct_a=$(wrk_rps "$DURATION" "$CONNECTIONS" "$BENCH_DIR/gateway-direct.lua" "$scoring")
direct_a_statuses=$(statuses_of gateway-direct)
proxied=$(wrk_rps "$DURATION" "$CONNECTIONS" "$BENCH_DIR/gateway-proxied.lua" "$UPTAKE_URL/v1/accounts?limit=1")
proxied_statuses=$(statuses_of gateway-proxied)
direct_b=$(wrk_rps "$DURATION" "$CONNECTIONS" "$BENCH_DIR/gateway-direct.lua" "$scoring")
direct_b_statuses=$(statuses_of gateway-direct)

# Then the same A/B/A with the gateway on a core of its own, as when it runs (and scales) on its own nodes: the
# gateway's threads on core 0; the upstream, the rest of the suite and wrk on core 1.
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null 2>&1; then
  gateway_pid=$(pgrep -f "api-gateway/target/quarkus-app/quarkus-run.jar")
  taskset -acp 0 "$gateway_pid" >/dev/null
  for pid in $(pgrep -f "quarkus-run.jar|launcher.Main|KafkaServerMain|PostgresMain"); do
    [ "$pid" = "$gateway_pid" ] || taskset -acp 1 "$pid" >/dev/null
  done
  WRK="taskset -c 1 wrk"
  wrk_rps 5s "$CONNECTIONS" "$BENCH_DIR/gateway-proxied.lua" "$UPTAKE_URL/v1/accounts?limit=1" >/dev/null
  pinned_direct_a=$(wrk_rps "$DURATION" "$CONNECTIONS" "$BENCH_DIR/gateway-direct.lua" "$scoring")
  pinned_proxied=$(wrk_rps "$DURATION" "$CONNECTIONS" "$BENCH_DIR/gateway-proxied.lua" "$UPTAKE_URL/v1/accounts?limit=1")
  pinned_proxied_statuses=$(statuses_of gateway-proxied)
  pinned_direct_b=$(wrk_rps "$DURATION" "$CONNECTIONS" "$BENCH_DIR/gateway-direct.lua" "$scoring")
  pinned_direct=$(mean "$pinned_direct_a" "$pinned_direct_b")
fi
load_after=$(load_average)
direct=$(mean "$direct_a" "$direct_b")
{
  echo
  echo "## gateway — $(date -u +%Y-%m-%d)"
  machine
  echo "- settings: wrk 2 threads, $CONNECTIONS connections, $DURATION per phase after a 5 s warm-up;"
  echo "  GET /v1/accounts?limit=1 (scoring; the demo tenant is empty, so the upstream does almost nothing);"
  echo "  direct requests carry the headers the gateway adds; load generator, gateway and services share the same $(nproc) cores"
  echo "- load average before / after: $load_before / $load_after"
  echo
  echo "| measure | requests/s | ratio |"
  echo "|---|---|---|"
  echo "| straight to scoring-service (A, then A again) | $direct_a, $direct_b (mean $direct; $direct_a_statuses / $direct_b_statuses) | 1.00 |"
  echo "| through the gateway (read key) | $proxied ($proxied_statuses) | $(ratio "$proxied" "$direct") |"
  if [ -n "${pinned_proxied:-}" ]; then
    echo "| gateway on its own core: straight to scoring-service (A, then A again) | $pinned_direct_a, $pinned_direct_b (mean $pinned_direct) | 1.00 |"
    echo "| gateway on its own core: through the gateway | $pinned_proxied ($pinned_proxied_statuses) | $(ratio "$pinned_proxied" "$pinned_direct") |"
  fi
  echo
  echo "In the shared rows one request through the gateway costs the machine two HTTP exchanges plus the upstream's"
  echo "work, on the same cores as the upstream and wrk; the pinned rows give the gateway a core of its own (taskset:"
  echo "gateway on core 0; upstream, rest of the suite and wrk on core 1), which is how it is deployed and scaled."
} | tee -a "$RESULTS"
