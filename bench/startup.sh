#!/usr/bin/env bash
# Startup time and settled memory of a Proconsul agent, over several fresh starts.
#
# usage: bench/startup.sh [runs]      (default 5)
#
# Each run launches bin/consul agent -dev (MODE=server: -server -bootstrap -data-dir <fresh temp dir>)
# on BENCH_ADDR:BENCH_PORT (default 127.0.0.1:8500), measures process launch to the first HTTP 200
# of /v1/status/leader with a non-empty leader (polled every 20 ms), reads VmRSS RSS_DELAY seconds
# (default 10) after that answer, and stops the agent (TERM, KILL after 15 s). No load is sent.
#
# Environment: MODE, BENCH_ADDR, BENCH_PORT, RSS_DELAY, AGENT_ARGS (extra agent flags), KEEP_WORK=1.
#
# Output (stdout):
#   # JVM line: the java binary and the JVM flags bin/consul gave the agent (from /proc/PID/cmdline)
#   STARTUP run=i mode=.. startup_ms=.. rss_mb=.. hwm_mb=..      one per run
#   STARTUP_MEDIAN mode=.. runs=.. startup_ms=<median> startup_min_ms=.. startup_max_ms=.. rss_mb=<median> rss_min_mb=.. rss_max_mb=..
set -euo pipefail

. "$(dirname "$0")/lib.sh"

runs=${1:-5}
mode=${MODE:-dev}
rss_delay=${RSS_DELAY:-10}
[[ $runs =~ ^[0-9]+$ ]] && (( runs >= 1 )) || die "usage: bench/startup.sh [runs]"
[[ $rss_delay =~ ^[0-9]+$ ]] || die "RSS_DELAY must be whole seconds"
case $mode in dev|server) ;; *) die "MODE must be dev or server, got '$mode'" ;; esac
check_bench_env

top=$(mktemp -d "${TMPDIR:-/tmp}/proconsul-bench-startup.XXXXXX")
work=""
AGENT_PID=""
cleanup() {
    if [[ -n $AGENT_PID ]]; then stop_pid "$AGENT_PID" 15; fi
    if [[ ${KEEP_WORK:-0} == 1 ]]; then info "kept $top"; else rm -rf "$top"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

url=http://$BENCH_ADDR:$BENCH_PORT
echo "# startup $(date -u +%Y-%m-%dT%H:%M:%SZ) mode=$mode runs=$runs url=$url rss_delay_s=$rss_delay host: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
startups=()
rsss=()
for (( i = 1; i <= runs; i++ )); do
    work=$top/run$i
    mkdir -p "$work"
    start_agent "$mode" "$work"
    wait_leader "$url" "$AGENT_PID"
    ms=$(( (LEADER_NS - AGENT_T0_NS) / 1000000 ))
    if (( i == 1 )); then
        echo "# bin/consul agent JVM: $(jvm_description "$AGENT_PID")"
        echo "# (bin/consul: -Xmx from PROCONSUL_MAX_HEAP, default 1g; extra options from PROCONSUL_JAVA_OPTS${PROCONSUL_JAVA_OPTS:+, set to '$PROCONSUL_JAVA_OPTS'}; -Djava.io.tmpdir is the harness's, so the -dev temp dir lands in its work dir)"
    fi
    sleep "$rss_delay"
    kill -0 "$AGENT_PID" 2>/dev/null || { tail -30 "$work/agent.log" >&2; die "run $i: the agent exited"; }
    rss=$(proc_field "$AGENT_PID" VmRSS)
    hwm=$(proc_field "$AGENT_PID" VmHWM)
    stop_pid "$AGENT_PID" 15
    AGENT_PID=""
    echo "STARTUP run=$i mode=$mode startup_ms=$ms rss_mb=$(mb "$rss") hwm_mb=$(mb "$hwm")"
    startups+=("$ms")
    rsss+=("$(mb "$rss")")
    [[ ${KEEP_WORK:-0} == 1 ]] || rm -rf "$work"
done

stats() {  # NAME VALUES... -> "NAME=median NAME_min=.. NAME_max=.." (name ends in _ms or _mb)
    local name=$1; shift
    printf '%s\n' "$@" | sort -n | awk -v n="${name%_*}" -v u="${name##*_}" '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%s_%s=%g %s_min_%s=%g %s_max_%s=%g", n, u, m, n, u, v[1], n, u, v[NR] }'
}
echo "STARTUP_MEDIAN mode=$mode runs=$runs $(stats startup_ms "${startups[@]}") $(stats rss_mb "${rsss[@]}")"
