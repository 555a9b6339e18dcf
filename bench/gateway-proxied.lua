-- A cheap read through the gateway with a read key: key lookup, policy, rate limit, proxy.
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_READ_KEY")
