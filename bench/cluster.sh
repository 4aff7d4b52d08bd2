#!/usr/bin/env bash
# A three-server Proconsul cluster on loopback (127.0.0.51-53, Consul's default ports, durable data dirs,
# performance { raft_multiplier = 1 }): the shared KV load at the leader, then failover timings.
#
# usage: bench/cluster.sh [seconds] [connections] [failovers]     (defaults 15, 32, 10)
#
# 1. starts the servers with -server -bootstrap-expect=3 -retry-join and waits until all three name the
#    same leader;
# 2. unless SKIP_LOAD=1, runs ../shared/bench/kv-load.sh consul at the leader's HTTP API (its RESULT lines,
#    label proconsul-cluster3) and prints each server's RSS;
# 3. `failovers` times: kill -9 of the current leader, then PUTs through a survivor (every 20 ms, 1 s
#    client timeout) until one is acknowledged: the time from the kill to that answer is one failover;
#    the killed server is restarted and the next round waits until all three agree on a leader again.
#
# Output (stdout): kv-load.sh's RESULT lines, then
#   CLUSTER servers=3 raft_multiplier=1 leader=.. rss_mb=a,b,c
#   FAILOVER run=i ms=..
#   FAILOVER_SUMMARY runs=N median_ms=.. min_ms=.. max_ms=..
# Environment: SKIP_LOAD=1, KEEP_WORK=1, and kv-load.sh's knobs (READ_MODE, KEYS, VALUE_SIZE, ...).
# Stops exactly the servers it started (TERM, KILL after 15 s); removes its work directory.
set -euo pipefail

. "$(dirname "$0")/lib.sh"

seconds=${1:-15}
conns=${2:-32}
failovers=${3:-10}
[[ $seconds =~ ^[0-9]+$ && $conns =~ ^[0-9]+$ && $failovers =~ ^[0-9]+$ ]] \
    || die "usage: bench/cluster.sh [seconds] [connections] [failovers]"
ips=(127.0.0.51 127.0.0.52 127.0.0.53)
cluster_setup cluster

cat > "$work/cluster.hcl" <<'EOF'
performance {
  raft_multiplier = 1
}
EOF

leader_of() {  # INDEX -> the leader address that server names, or nothing
    curl -s --max-time 1 "http://${ips[$1]}:8500/v1/status/leader" 2>/dev/null | tr -d '"' || true
}

agreed_leader() {  # waits until every live server names the same leader among the live ones; prints its index
    local deadline=$(( $(date +%s) + 120 )) i first same l
    while (( $(date +%s) < deadline )); do
        first="" same=1
        for i in 0 1 2; do
            (( pids[i] > 0 )) || continue
            l=$(leader_of "$i")
            [[ -n $l ]] || { same=0; break; }
            [[ -z $first ]] && first=$l
            [[ $l == "$first" ]] || { same=0; break; }
        done
        if (( same )) && [[ -n $first ]]; then
            for i in 0 1 2; do
                if (( pids[i] > 0 )) && [[ $first == "${ips[i]}:8300" ]]; then echo "$i"; return 0; fi
            done
        fi
        sleep 0.1
    done
    for i in 0 1 2; do tail -5 "$work/s$i.log" >&2; done
    die "the servers did not agree on a leader within 120 s"
}

for i in 0 1 2; do cluster_start_server "$i"; done
leader=$(agreed_leader)
rss=()
for i in 0 1 2; do rss+=("$(mb "$(proc_field "${pids[i]}" VmRSS)")"); done
echo "# cluster $(date -u +%Y-%m-%dT%H:%M:%SZ) host: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ ${SKIP_LOAD:-0} != 1 ]]; then
    LABEL=proconsul-cluster3 "$shared_bench/kv-load.sh" consul "http://${ips[leader]}:8500" "$seconds" "$conns" || true
    rss=()
    for i in 0 1 2; do rss+=("$(mb "$(proc_field "${pids[i]}" VmRSS)")"); done
fi
leader=$(agreed_leader)
echo "CLUSTER servers=3 raft_multiplier=1 leader=${ips[leader]} rss_mb=$(IFS=,; echo "${rss[*]}")"

times=()
for (( run = 1; run <= failovers; run++ )); do
    leader=$(agreed_leader)
    survivor=$(( (leader + 1) % 3 ))
    t0=$(date +%s%N)
    kill -KILL "${pids[leader]}"
    wait "${pids[leader]}" 2>/dev/null || true
    pids[leader]=0
    n=0
    while :; do
        r=$(curl -s --max-time 1 -X PUT -d "run-$run" "http://${ips[survivor]}:8500/v1/kv/failover/$run/$n" || true)
        [[ $r == true ]] && break
        n=$(( n + 1 ))
        (( $(date +%s%N) - t0 < 60000000000 )) || die "no write acknowledged within 60 s of killing the leader"
        sleep 0.02
    done
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    echo "FAILOVER run=$run ms=$ms"
    times+=("$ms")
    cluster_start_server "$leader"
done
if (( failovers > 0 )); then
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    median=$(echo "$sorted" | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}')
    echo "FAILOVER_SUMMARY runs=$failovers median_ms=$median min_ms=$(echo "$sorted" | head -1) max_ms=$(echo "$sorted" | tail -1)"
fi
