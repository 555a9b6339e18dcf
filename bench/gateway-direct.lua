-- The same read straight to the upstream, with the headers the gateway would add.
wrk.method = "GET"
wrk.headers["X-Uptake-Gateway-Token"] = os.getenv("BENCH_INTERNAL_TOKEN")
wrk.headers["X-Uptake-Tenant"] = "demo"
wrk.headers["X-Uptake-Key-Kind"] = "read"
