#!/usr/bin/env bash
# Catalog and health figures of one Proconsul agent: registrations per second, /v1/health/service
# throughput for a service of 1,000 instances, and heap and RSS with 10,000 services of one check each.
#
# usage: bench/run-catalog.sh [seconds] [connections]
#   seconds      measured seconds of each wrk run (default 10)
#   connections  concurrent HTTP connections (default 16)
#
# Environment: MODE=dev (default, in-memory state) or MODE=server (Xodus, Raft log fsynced);
#   BENCH_ADDR/BENCH_PORT (loopback only), AGENT_ARGS, KEEP_WORK=1 as the other bench scripts.
#
# Output (stdout), one line each:
#   REGISTER mode=.. rps=.. p50_ms=.. p99_ms=.. errors=..           (wrk, catalog-register.lua: a new node,
#                                                                    service and check per request)
#   HEALTH instances=1000 rps=.. p50_ms=.. p99_ms=.. bytes_per_answer=..   (GET /v1/health/service/web)
#   MEMORY services=10000 heap_used_mb=.. heap_per_service_b=.. rss_mb=..  (after a full GC, against the
#                                                                    same reading before the 10,000)
# Needs: wrk, curl, jcmd (the JDK's). Installs nothing.
set -euo pipefail

. "$(dirname "$0")/lib.sh"

seconds=${1:-10}
conns=${2:-16}
mode=${MODE:-dev}
[[ $seconds =~ ^[0-9]+$ && $conns =~ ^[0-9]+$ ]] || die "usage: bench/run-catalog.sh [seconds] [connections]"
command -v wrk >/dev/null || die "wrk is needed (apt-get install wrk)"
command -v jcmd >/dev/null || die "jcmd (from the JDK) is needed"
check_bench_env

work=$(mktemp -d "${TMPDIR:-/tmp}/proconsul-bench-catalog.XXXXXX")
AGENT_PID=""
cleanup() {
    [[ -n $AGENT_PID ]] && stop_pid "$AGENT_PID" 15
    if [[ ${KEEP_WORK:-0} == 1 ]]; then info "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

url=http://$BENCH_ADDR:$BENCH_PORT
start_agent "$mode" "$work"
wait_leader "$url" "$AGENT_PID"
info "agent pid $AGENT_PID up; $(jvm_description "$AGENT_PID")"

# wrk's latency distribution line for a percentile, in ms
pct() {  # FILE PERCENT
    awk -v p="$2%" '$1 == p { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
        if (u == "us") v /= 1000; else if (u == "s") v *= 1000; printf "%.2f", v }' "$1"
}
rps() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$1"; }
errors() { awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { n += 1 } END { print n + 0 }' "$1"; }

heap_used_kb() {  # full GC, then the used heap in kB
    jcmd "$AGENT_PID" GC.run > /dev/null
    sleep 1
    jcmd "$AGENT_PID" GC.heap_info | awk '/ used / { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i+1); sub(/K$/, "", v); print v; exit } }'
}

register() {  # NODE SERVICE ID PORT
    curl -sf -X PUT --data-binary @- "$url/v1/catalog/register" > /dev/null <<JSON
{"Node":"$1","Address":"192.0.2.$(( RANDOM % 250 + 1 ))","Service":{"ID":"$3","Service":"$2","Port":$4},
 "Check":{"CheckID":"$3-check","Name":"$2 check","Status":"passing","ServiceID":"$3"}}
JSON
}
export -f register; export url

# 1. memory with 10,000 services of one check each (on 100 nodes)
before=$(heap_used_kb)
for (( n = 0; n < 100; n++ )); do
    seq 0 99 | xargs -P 8 -I{} bash -c "register mem-node-$n mem-svc mem-$n-{} 9000"
done
after=$(heap_used_kb)
echo "MEMORY services=10000 heap_used_mb=$(mb "$after") heap_per_service_b=$(( (after - before) * 1024 / 10000 ))" \
     "rss_mb=$(mb "$(proc_field "$AGENT_PID" VmRSS)") mode=$mode"

# 2. a service of 1,000 instances, read through /v1/health/service
seq 0 999 | xargs -P 8 -I{} bash -c 'register web-node-{} web web-{} 8080'
count=$(curl -s "$url/v1/health/service/web" | grep -o '"ServiceID"' | wc -l)
[[ $count == 1000 ]] || die "expected 1000 web instances, the agent shows $count"
bytes=$(curl -s "$url/v1/health/service/web" | wc -c)
wrk -t 2 -c "$conns" -d "${seconds}s" --latency "$url/v1/health/service/web" > "$work/health.out" 2>&1
echo "HEALTH instances=1000 rps=$(rps "$work/health.out") p50_ms=$(pct "$work/health.out" 50)" \
     "p99_ms=$(pct "$work/health.out" 99) errors=$(errors "$work/health.out") bytes_per_answer=$bytes"

# 3. registrations per second (last: it leaves many nodes behind)
wrk -t 2 -c "$conns" -d "${seconds}s" --latency -s "$bench_dir/catalog-register.lua" "$url" > "$work/register.out" 2>&1
echo "REGISTER mode=$mode rps=$(rps "$work/register.out") p50_ms=$(pct "$work/register.out" 50)" \
     "p99_ms=$(pct "$work/register.out" 99) errors=$(errors "$work/register.out") conns=$conns seconds=$seconds"

