#!/usr/bin/env bash
# Park N blocking queries on a fresh -dev agent and measure their heap and RSS cost.
#
# usage: bench/run-parked.sh [n] [k]      (defaults: n=10000 parked queries, k=10 woken)
#
# Starts bin/consul agent -dev -config-file bench/parked-queries.hcl (limits.http_max_conns_per_client
# = 0) on BENCH_ADDR:BENCH_PORT (default 127.0.0.1:8500), runs
#   java bench/BlockingQueries.java http://ADDR:PORT n <agent pid> k
# which prints the PARKED line (see BlockingQueries.java), and stops the agent (TERM, KILL after
# 15 s). Raises the open-files limit (ulimit -n) to NOFILE (default 65536, or the hard limit if that
# is lower) and fails if that leaves fewer than n + 1024 descriptors. Exit status: the Java program's.
# Environment: BENCH_ADDR, BENCH_PORT, NOFILE, BQ_JAVA_OPTS (JVM options of the client, default -Xmx1g),
# and CONNECTING, SETTLE_MS, PARK_TIMEOUT_S (read by BlockingQueries.java).
set -euo pipefail

. "$(dirname "$0")/lib.sh"

n=${1:-10000}
k=${2:-10}
[[ $n =~ ^[0-9]+$ && $k =~ ^[0-9]+$ ]] && (( n >= 1 )) || die "usage: bench/run-parked.sh [n] [k]"
check_bench_env
command -v jcmd >/dev/null || [[ -x $(dirname "$(readlink -f "$(command -v java)")")/jcmd ]] \
    || die "jcmd (from the JDK) is needed to read the agent's heap"

# --- file descriptors: the client and the agent each hold n sockets ------------------------------
need=$(( n + 1024 ))
want=${NOFILE:-65536}
(( want >= need )) || want=$need
# raise soft and hard limit together; without the privilege for that, go as high as the hard limit
ulimit -n "$want" 2>/dev/null || ulimit -Sn "$(ulimit -Hn)" 2>/dev/null || true
have=$(ulimit -Sn)
if [[ $have != unlimited ]] && (( have < need )); then
    die "ulimit -n is $have (hard limit $(ulimit -Hn)) and cannot be raised to $need for $n parked queries; raise the hard limit (e.g. as root: ulimit -Hn 65536) or use a smaller n"
fi
info "ulimit -n $have (hard $(ulimit -Hn)); need $need"

work=$(mktemp -d "${TMPDIR:-/tmp}/proconsul-bench-parked.XXXXXX")
AGENT_PID=""
client_pid=""
cleanup() {
    if [[ -n $client_pid ]]; then stop_pid "$client_pid" 5; fi
    if [[ -n $AGENT_PID ]]; then stop_pid "$AGENT_PID" 15; fi
    if [[ ${KEEP_WORK:-0} == 1 ]]; then info "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

url=http://$BENCH_ADDR:$BENCH_PORT
start_agent dev "$work" -config-file "$bench_dir/parked-queries.hcl"
wait_leader "$url" "$AGENT_PID"
info "agent pid $AGENT_PID up after $(( (LEADER_NS - AGENT_T0_NS) / 1000000 )) ms: $(jvm_description "$AGENT_PID")"
sleep 2   # let the agent finish starting before the first heap reading

rc=0
# shellcheck disable=SC2086
java ${BQ_JAVA_OPTS:--Xmx1g} "$bench_dir/BlockingQueries.java" "$url" "$n" "$AGENT_PID" "$k" &
client_pid=$!
wait "$client_pid" || rc=$?
client_pid=""
kill -0 "$AGENT_PID" 2>/dev/null || { tail -30 "$work/agent.log" >&2; die "the agent died during the run"; }
if grep -q 'too many connections from client' "$work/agent.log"; then
    info "the agent refused connections (http_max_conns_per_client): $(grep -c 'too many connections' "$work/agent.log") log lines"
fi
exit "$rc"
