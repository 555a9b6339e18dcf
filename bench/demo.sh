#!/usr/bin/env bash
# The demo's load time (issue: under 2 minutes): `./uptake run --demo` on a fresh data folder, timed from the command
# to "demo loaded", and then until scoring-service has applied every event (its consumer lag on uptake.events.v1 is
# 0, which the launcher waits for before it prints the tour); then times the analyses on the loaded tenant and puts
# their counts beside the simulator's truth. Needs jq. Appends to bench/RESULTS.md.
set -euo pipefail
# The demo is timed as users run it: with the run command's JVM settings, not the benchmarks' production ones.
run_jvm_options="${UPTAKE_SERVICE_JVM_OPTIONS:-}"
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ -n "$run_jvm_options" ] || unset UPTAKE_SERVICE_JVM_OPTIONS
# The launcher reads the demo's size from these; e.g. M7 at scale:
# UPTAKE_DEMO_ACCOUNTS=10000 UPTAKE_DEMO_USERS=20000 UPTAKE_DEMO_MONTHS=12 bench/demo.sh
export UPTAKE_DEMO_ACCOUNTS="${UPTAKE_DEMO_ACCOUNTS:-300}" UPTAKE_DEMO_USERS="${UPTAKE_DEMO_USERS:-3000}" \
  UPTAKE_DEMO_MONTHS="${UPTAKE_DEMO_MONTHS:-13}"
default_size=$([ "$UPTAKE_DEMO_ACCOUNTS/$UPTAKE_DEMO_USERS/$UPTAKE_DEMO_MONTHS" = 300/3000/13 ] && echo yes || echo no)
size="$(printf "%'d accounts, %'d users, %d months" "$UPTAKE_DEMO_ACCOUNTS" "$UPTAKE_DEMO_USERS" "$UPTAKE_DEMO_MONTHS")"

(cd "$ROOT" && ./uptake build >"$WORK/build.log" 2>&1) || { tail -30 "$WORK/build.log" >&2; exit 1; }
# UPTAKE_BENCH_DATA=<folder>: time the analyses again on a folder an earlier run loaded (kept, not deleted), after a
# change to them, without the load (14 minutes at 10,000 accounts).
if [ -n "${UPTAKE_BENCH_DATA:-}" ]; then
  [ -f "$UPTAKE_BENCH_DATA/demo-loaded" ] || { echo "bench: $UPTAKE_BENCH_DATA holds no loaded demo" >&2; exit 1; }
  data_dir="$UPTAKE_BENCH_DATA"
  # The size the folder was loaded with, not the defaults: the results must say what was timed.
  size="$(jq -r '.world | "\(.accounts) accounts, \(.users) users, \(.months) months"' "$data_dir/demo-truth.json")"
else
  data_dir="$(mktemp -d /tmp/uptake-bench.XXXXXX)"
  # UPTAKE_BENCH_KEEP=1 keeps the loaded folder for UPTAKE_BENCH_DATA; otherwise it is deleted at the end.
  [ -n "${UPTAKE_BENCH_KEEP:-}" ] && echo "bench: keeping the data folder $data_dir" >&2 || SUITE_DATA="$data_dir"
fi
load_before=$(load_average)
start=$(date +%s)
# Emptied here, not by the background redirect: that may happen after the first look below, which then read the
# previous run's log.
: >"$WORK/demo.out"
UPTAKE_DATA_DIR="$data_dir" "$ROOT/uptake" run --demo >"$WORK/demo.out" 2>&1 &
SUITE_PID=$!
trap stop_suite EXIT
until grep -q "demo loaded\|demo data is already loaded" "$WORK/demo.out"; do
  kill -0 "$SUITE_PID" 2>/dev/null || { cat "$WORK/demo.out" >&2; echo "bench: the demo did not load" >&2; exit 1; }
  sleep 2
done
loaded=$(( $(date +%s) - start ))
reported=$(sed -n 's/.*demo loaded in \([0-9]*\) s.*/\1/p' "$WORK/demo.out" | head -1)
# The launcher itself waits until scoring-service's lag on uptake.events.v1 is 0 (read every second), prints
# "demo analysed in N s" from the load's start, then the tour with the suite's ready time.
until grep -q "Uptake is running" "$WORK/demo.out"; do
  kill -0 "$SUITE_PID" 2>/dev/null || { cat "$WORK/demo.out" >&2; echo "bench: the suite stopped" >&2; exit 1; }
  sleep 1
done
caught_up=$(( $(date +%s) - start ))
LAUNCHER_OPTIONS="$(launcher_options "$SUITE_PID")"
ready=$(sed -n 's/.*ready in \([0-9]*\) s.*/\1/p' "$WORK/demo.out" | head -1)
analysed=$(sed -n 's/.*demo analysed in \([0-9]*\) s.*/\1/p' "$WORK/demo.out" | head -1)
load_after=$(load_average)

# The analyses on the loaded tenant (M7 at the demo's size): each asked 5 times, the first on a cold path, over the
# simulated period, beside what the simulator measured from the same calls (realised) and what it planted.
command -v jq >/dev/null 2>&1 || { echo "bench: jq is missing (apt-get install jq)" >&2; exit 1; }
. "$data_dir/demo-keys.env"
truth="$data_dir/demo-truth.json"
from=$(jq -r .world.start "$truth")
to=$(date -u -d "$(jq -r .world.end "$truth") -1 day" +%F)
power=$(jq -r .planted.powerFeature "$truth")
ask() { # ask <path with query>: writes the answer to $WORK/answer.json, prints "first s / median of the rest s"
  local times=() i
  for i in 1 2 3 4 5; do
    times+=("$(curl -s -o "$WORK/answer.json" -w '%{time_total}' -H "Authorization: Bearer $UPTAKE_READ_KEY" "$UPTAKE_URL$1")")
  done
  echo "${times[0]} / $(printf '%s\n' "${times[@]:1}" | sort -n | sed -n 2p)"
}
# answer <jq filter>: the filter applied to the last answer, or the problem's status and title when it was one.
answer() {
  jq -r "if (.status | type) == \"number\" then \"no answer: \(.status) \(.title)\" else ($1) end" "$WORK/answer.json"
}
period="from=$from&to=$to"
t_retention=$(ask "/v1/features/$power/retention?$period&minLevel=used")
u_retention=$(answer '"adopters \(.adopters.retained)/\(.adopters.users), non-adopters \(.nonAdopters.retained)/\(.nonAdopters.users)"')
r_retention=$(jq -r '.realised | "adopters \(.adopterRetention.hits)/\(.adopterRetention.population), non-adopters \(.nonAdopterRetention.hits)/\(.nonAdopterRetention.population)"' "$truth")
p_retention=$(jq -r '.planted | "\(.adopterRetention) / \(.nonAdopterRetention)"' "$truth")
bands=$(jq -r '[.planted.renewalBands[] | if .maxUses == null then "\(.minUses)+" else "\(.minUses)-\(.maxUses)" end] | join(",")' "$truth" | sed 's/+/%2B/g')
t_renewals=$(ask "/v1/features/$power/renewals?$period&minLevel=used&bands=$bands")
u_renewals=$(answer '[.bands[] | "\(.band): \(.renewed)/\(.renewals)"] | join(", ")')
r_renewals=$(jq -r '[.realised.renewalByBand[] | "\(.band): \(.renewal.hits)/\(.renewal.population)"] | join(", ")' "$truth")
p_renewals=$(jq -r '"0: \(.planted.noUseRenewalRate), " + ([.planted.renewalBands[] | "\(.renewalRate)"] | join(", "))' "$truth")
planted_threshold=$(jq -r .planted.loginsPerWeekThreshold "$truth")
t_logins=$(ask "/v1/analysis/login-threshold?$period&threshold=$planted_threshold")
u_logins=$(answer '"\(.renewals) renewals; best \(.threshold) separates \(.separated); the planted one \(.evaluated.separated)"')
r_logins=$(jq -r '.realised.logins | "\(.renewals) renewals; best \(.bestThreshold) separates \(.separatedByBest.hits); the planted one \(.separatedByPlanted.hits)"' "$truth")
t_funnel=$(ask "/v1/funnels/activation?$period&actionFromLevel=used&minAgeDays=100")
u_funnel=$(answer '[.steps[].users] | join(" > ")')
r_funnel=$(jq -r '.realised.funnel | [.signups, .loggedInWithin7Days.hits, .acted.hits, .returned.hits, .weeklyHabit.hits, .powerUsers.hits] | join(" > ")' "$truth")
p_funnel=$(jq -r '.planted.funnel | [.loginWithin7Days, .act, .returnRate, .weeklyHabit, .powerUser] | join(", ")' "$truth")
# Reads of the last 30 days (not the simulated period): adoption, the catalog with each feature's adoption, one
# account's view with its metrics, and the tenant's overview.
t_adoption=$(ask "/v1/features/$power/adoption")
u_adoption=$(answer '"\(.adopters) adopters of \(.targetUsers) active users, \(.adoptionRate) %"')
t_catalog=$(ask "/v1/features?limit=50")
u_catalog=$(answer '"\(.items | length) features"')
account=$(curl -s -H "Authorization: Bearer $UPTAKE_READ_KEY" "$UPTAKE_URL/v1/accounts?sort=-eventCount&limit=1" \
  | jq -r '.items[0].accountId')
t_account=$(ask "/v1/accounts/$account")
u_account=$(answer '"\(.metrics.engagement.mau) monthly active, \(.metrics.sessions.count) sessions"')
t_overview=$(ask "/v1/metrics/overview")
u_overview=$(answer '"\(.accounts) accounts, \(.usage.engagement.mau) monthly active"')
{
  echo
  echo "## demo — $(date -u +%Y-%m-%d)"
  machine
  echo "- settings: \`./uptake run --demo\` on $([ -n "${UPTAKE_BENCH_DATA:-}" ] && echo "a folder an earlier run loaded" \
    || echo "a fresh data folder") ($size, seed 42); times from"
  echo "  the command; scoring's lag read by the launcher every second; scoring and campaign at nice ${UPTAKE_CONSUMER_NICE:-10}"
  echo "- load average before / after: $load_before / $load_after"
  echo "- simulator: $(grep -h 'sent .* batches' "$data_dir/logs/simulator.log" | tail -1)"
  echo
  echo "| measure | seconds |"
  echo "|---|---|"
  echo "| suite ready | $ready |"
  if [ -n "${UPTAKE_BENCH_DATA:-}" ]; then
    echo "| demo loaded | not measured: the data folder of an earlier run, loaded $(cat "$data_dir/demo-loaded") |"
  else
    echo "| demo loaded (as the launcher reports it: simulator sent and accepted every call, catalog loaded) | $reported (at $loaded from the command) |"
    echo "| scoring caught up (lag 0: every event in the analyses; the tour printed) | ${analysed:-none (the launcher gave up waiting)} from the load's start ($caught_up from the command) |"
  fi
  echo
  if [ -n "${UPTAKE_BENCH_DATA:-}" ]; then
    echo "Target: the load was not measured in this run."
  elif [ "$default_size" = yes ]; then
    echo "Target: loaded in under 120 s ($( [ "${reported:-999}" -lt 120 ] && echo met || echo "not met"))."
  else
    echo "Target: none for the load at this size (the issue's 2 minutes is for the default demo)."
  fi
  echo
  echo "Analyses of the demo tenant over the simulated period ($from to $to; M7 at $size),"
  echo "seconds for the first answer / the median of the next four; Uptake's counts beside the simulator's, measured from"
  echo "the same calls:"
  echo
  echo "| analysis | seconds | Uptake | simulator (realised) | planted |"
  echo "|---|---|---|---|---|"
  echo "| retention of $power adopters (from the used level) | $t_retention | $u_retention | $r_retention | $p_retention |"
  echo "| renewals by $power use band | $t_renewals | $u_renewals | $r_renewals | $p_renewals |"
  echo "| login threshold | $t_logins | $u_logins | $r_logins | $planted_threshold |"
  echo "| activation funnel (users per step) | $t_funnel | $u_funnel | $r_funnel | $p_funnel (each of the step before) |"
  echo "| adoption of $power, last 30 days | $t_adoption | $u_adoption | | |"
  echo "| the catalog with each feature's adoption, last 30 days | $t_catalog | $u_catalog | | |"
  echo "| the busiest account's view with its metrics, last 30 days | $t_account | $u_account | | |"
  echo "| the tenant's overview, last 30 days | $t_overview | $u_overview | | |"
} | tee -a "$RESULTS"
