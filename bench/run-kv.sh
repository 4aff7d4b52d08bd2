#!/usr/bin/env bash
# Start one Proconsul agent, drive the shared KV load (../shared/bench/kv-load.sh) at it, stop it.
#
# usage: bench/run-kv.sh [seconds] [connections]
#   seconds      measured seconds per workload (default 15), passed to kv-load.sh
#   connections  concurrent HTTP connections (default 32), passed to kv-load.sh
#
# Environment:
#   MODE=dev (default)  bin/consul agent -dev (in-memory state, no fsync)
#   MODE=server         bin/consul agent -server -bootstrap -data-dir <temp dir> (Raft log fsynced)
#   BENCH_ADDR=127.0.0.1 BENCH_PORT=8500   where the agent binds (loopback only)
#   AGENT_ARGS="..."    extra agent flags (e.g. -config-file FILE); KEEP_WORK=1 keeps the agent's log and data
#   LABEL=proconsul-<mode>, and everything kv-load.sh reads (READ_MODE, WRK_THREADS, KEYS, ...)
#
# Output (stdout): kv-load.sh's RESULT lines, then
#   AGENT mode=.. startup_ms=.. rss_idle_mb=.. rss_max_mb=.. rss_hwm_mb=.. cpu_s=.. addr=.. pid=..
# startup_ms: process launch to the first 200 answer of /v1/status/leader naming a leader (polled
# every 20 ms); rss_idle_mb: VmRSS 5 s after that; rss_max_mb: highest VmRSS sampled every 0.5 s
# while kv-load.sh ran; rss_hwm_mb: the kernel's VmHWM at the end (includes startup);
# cpu_s: agent CPU time (user+system) during the kv-load.sh run (populate, warm-ups, measured runs).
# Exit status: kv-load.sh's (0 no errors, 3 errors counted), 1 on failure.
set -euo pipefail

. "$(dirname "$0")/lib.sh"

seconds=${1:-15}
conns=${2:-32}
mode=${MODE:-dev}
[[ $seconds =~ ^[0-9]+$ && $conns =~ ^[0-9]+$ ]] || die "usage: bench/run-kv.sh [seconds] [connections]"
case $mode in dev|server) ;; *) die "MODE must be dev or server, got '$mode'" ;; esac
kv_load=$shared_bench/kv-load.sh
[[ -x $kv_load ]] || die "the shared load harness $kv_load is missing (expected ../shared/bench beside the repo root $repo_root)"
check_bench_env

work=$(mktemp -d "${TMPDIR:-/tmp}/proconsul-bench-kv.XXXXXX")
AGENT_PID=""
sampler_pid=""
load_pid=""
cleanup() {
    [[ -n $load_pid ]] && stop_pid "$load_pid" 10
    [[ -n $sampler_pid ]] && stop_pid "$sampler_pid" 2
    [[ -n $AGENT_PID ]] && stop_pid "$AGENT_PID" 15
    if [[ ${KEEP_WORK:-0} == 1 ]]; then info "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

url=http://$BENCH_ADDR:$BENCH_PORT
info "run-kv mode=$mode url=$url seconds=$seconds conns=$conns"
start_agent "$mode" "$work"
wait_leader "$url" "$AGENT_PID"
startup_ms=$(( (LEADER_NS - AGENT_T0_NS) / 1000000 ))
info "leader $LEADER after ${startup_ms} ms; agent pid $AGENT_PID: $(jvm_description "$AGENT_PID")"

sleep 5
rss_idle=$(proc_field "$AGENT_PID" VmRSS)
cpu0=$(cpu_ticks "$AGENT_PID")

sample_rss "$work/rss.max" "$AGENT_PID" &
sampler_pid=$!

rc=0
LABEL=${LABEL:-proconsul-$mode} "$kv_load" consul "$url" "$seconds" "$conns" > "$work/load.out" &
load_pid=$!
wait "$load_pid" || rc=$?
load_pid=""
stop_pid "$sampler_pid" 2; sampler_pid=""
cat "$work/load.out"

kill -0 "$AGENT_PID" 2>/dev/null || { tail -30 "$work/agent.log" >&2; die "the agent died during the load"; }
refused=$(grep -c 'too many connections from client' "$work/agent.log" || true)
(( refused == 0 )) || info "the agent closed $refused connections as over limits.http_max_conns_per_client (see its log: KEEP_WORK=1)"
cpu1=$(cpu_ticks "$AGENT_PID")
rss_max=$(cat "$work/rss.max" 2>/dev/null || echo 0)
echo "AGENT mode=$mode startup_ms=$startup_ms rss_idle_mb=$(mb "$rss_idle") rss_max_mb=$(mb "$rss_max")" \
     "rss_hwm_mb=$(mb "$(proc_field "$AGENT_PID" VmHWM)")" \
     "cpu_s=$(awk -v a="$cpu0" -v b="$cpu1" -v t="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (b - a) / t }')" \
     "addr=$BENCH_ADDR:$BENCH_PORT pid=$AGENT_PID"

case $rc in
    0) ;;
    3) info "kv-load.sh counted errors (non2xx/misses/socket errors): see the RESULT lines" ;;
    *) info "kv-load.sh failed (exit $rc)"; exit 1 ;;
esac
exit "$rc"
