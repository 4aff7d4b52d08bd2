# Agent configuration for bench/run-parked.sh (BlockingQueries.java): thousands of blocking queries
# from one client address. Consul's default limits.http_max_conns_per_client is 200; connections
# from one client IP beyond the limit are closed as soon as they open. 0 = no limit.
#
#   bin/consul agent -dev -bind 127.0.0.1 -client 127.0.0.1 -config-file bench/parked-queries.hcl
limits {
  http_max_conns_per_client = 0
}
