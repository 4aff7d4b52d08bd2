# Shared helpers of the bench/ scripts (sourced, not run). Bash, loopback only.
#
# Reads: BENCH_ADDR (default 127.0.0.1), BENCH_PORT (default 8500).
# Every agent is started by start_agent and stopped by stop_pid, by its PID; nothing else is signalled.

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo_root=$(cd "$bench_dir/.." && pwd -P)
consul_bin=$repo_root/bin/consul
shared_bench=$(cd "$repo_root/.." && pwd -P)/shared/bench

BENCH_ADDR=${BENCH_ADDR:-127.0.0.1}
BENCH_PORT=${BENCH_PORT:-8500}

info() { printf '# %s\n' "$*" >&2; }
die() { printf '%s: %s\n' "${0##*/}" "$*" >&2; exit 1; }

check_bench_env() {  # the address is loopback IPv4 and nothing answers on it yet
    [[ $BENCH_ADDR =~ ^127\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$ ]] \
        && (( BASH_REMATCH[1] < 256 && BASH_REMATCH[2] < 256 && BASH_REMATCH[3] < 256 )) \
        || die "BENCH_ADDR must be an IPv4 loopback address (127.0.0.0/8), got '$BENCH_ADDR'"
    [[ $BENCH_PORT =~ ^[0-9]+$ ]] && (( BENCH_PORT > 0 && BENCH_PORT < 65536 )) \
        || die "BENCH_PORT must be a TCP port, got '$BENCH_PORT'"
    [[ -x $consul_bin ]] || die "$consul_bin not found"
    [[ -f $repo_root/karaf-distribution/target/assembly/lib/proconsul/proconsul-cli.jar || -n ${PROCONSUL_HOME:-} ]] \
        || die "the agent is not built (karaf-distribution/target/assembly); build it first: mvn -B -DskipTests install"
    command -v curl >/dev/null || die "curl is needed"
    if (exec 3<>"/dev/tcp/$BENCH_ADDR/$BENCH_PORT") 2>/dev/null; then
        die "something already listens on $BENCH_ADDR:$BENCH_PORT; stop it or set BENCH_ADDR/BENCH_PORT"
    fi
}

# start_agent MODE WORKDIR [extra agent args...]
#   MODE dev    : bin/consul agent -dev -bind ADDR -client ADDR -http-port PORT
#   MODE server : bin/consul agent -server -bootstrap -data-dir WORKDIR/data -node bench ...
# Extra flags: the arguments after WORKDIR, then $AGENT_ARGS.
# Sets AGENT_PID (the JVM: bin/consul execs java, so the PID is kept) and AGENT_T0_NS (just
# before the launch). The -dev agent's temp directory is made under WORKDIR/tmp (java.io.tmpdir),
# so that removing WORKDIR removes it even when the agent had to be killed. Output: WORKDIR/agent.log.
start_agent() {
    local mode=$1 work=$2; shift 2
    local args=()
    case $mode in
        dev) args=(-dev) ;;
        server) args=(-server -bootstrap -data-dir "$work/data" -node bench) ;;
        *) die "MODE must be dev or server, got '$mode'" ;;
    esac
    args+=(-bind "$BENCH_ADDR" -client "$BENCH_ADDR" -http-port "$BENCH_PORT" "$@")
    # AGENT_ARGS: extra agent flags, split on spaces (e.g. "-config-file bench/parked-queries.hcl")
    # shellcheck disable=SC2206
    [[ -n ${AGENT_ARGS:-} ]] && args+=(${AGENT_ARGS})
    mkdir -p "$work/tmp"
    AGENT_T0_NS=$(date +%s%N)
    PROCONSUL_JAVA_OPTS="${PROCONSUL_JAVA_OPTS:-} -Djava.io.tmpdir=$work/tmp" \
        "$consul_bin" agent "${args[@]}" > "$work/agent.log" 2>&1 &
    AGENT_PID=$!
}

# wait_leader URL PID [timeout_s]: poll URL/v1/status/leader every 20 ms until it answers 200 with a
# non-empty leader; sets LEADER_NS (the time of that answer) and LEADER (the answer). Fails if the
# process exits first or after the timeout (default 120 s). Uses the caller's $work directory.
wait_leader() {
    local url=$1 pid=$2 limit=${3:-120} body code deadline
    : "${work:?wait_leader needs \$work}"
    deadline=$(( $(date +%s) + limit ))
    while :; do
        code=$(curl -s -o "$work/leader.out" -w '%{http_code}' --max-time 1 "$url/v1/status/leader" 2>/dev/null) || true
        if [[ $code == 200 ]]; then
            body=$(tr -d ' \r\n\t' < "$work/leader.out")
            if [[ -n $body && $body != '""' ]]; then
                LEADER_NS=$(date +%s%N)
                LEADER=$body
                return 0
            fi
        fi
        kill -0 "$pid" 2>/dev/null || { tail -30 "$work/agent.log" >&2; die "the agent (pid $pid) exited before it had a leader"; }
        (( $(date +%s) < deadline )) || { tail -30 "$work/agent.log" >&2; die "no leader on $url within ${limit}s"; }
        sleep 0.02
    done
}

proc_field() {  # PID FIELD -> value (kB) from /proc/PID/status, 0 if gone
    local k v _
    while read -r k v _; do
        [[ $k == "$2:" ]] && { echo "$v"; return; }
    done < "/proc/$1/status" 2>/dev/null
    echo 0
}

cpu_ticks() {  # PID -> utime+stime in clock ticks, 0 if gone
    local s; s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
    s=${s##*) }; set -- $s; echo $(( ${12} + ${13} ))
}

mb() { echo $(( ($1 + 512) / 1024 )); }   # kB -> MB, rounded

sample_rss() {  # OUTFILE PID: every 0.5 s write the highest VmRSS (kB) seen so far
    local out=$1 pid=$2 r max=0
    while :; do
        r=$(proc_field "$pid" VmRSS)
        (( r > max )) && max=$r
        echo "$max" > "$out.tmp" && mv "$out.tmp" "$out"
        sleep 0.5
    done
}

stop_pid() {  # PID [grace_s]: TERM, then KILL after the grace (default 15 s); only PIDs we started
    local pid=$1 grace=${2:-15} i
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    for (( i = 0; i < grace * 10; i++ )); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
        info "pid $pid did not stop within ${grace}s of TERM; sending KILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

jvm_description() {  # PID -> "java=<binary> (<version>) flags=<JVM options of the running agent>"
    local pid=$1 exe version flags=() arg skip=0
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null || echo "?")
    version=$("$exe" -version 2>&1 | head -1 | tr -d '"' || true)
    while IFS= read -r -d '' arg; do
        if (( skip )); then skip=0; continue; fi
        case $arg in
            org.proconsul.cli.Main) break ;;
            -cp|-classpath|--add-opens|--add-exports|--add-reads) skip=1 ;;
            --add-*=*|java|*/java) ;;
            *) flags+=("$arg") ;;
        esac
    done < "/proc/$pid/cmdline"
    echo "java=$exe ($version) flags=${flags[*]} (plus Karaf's --add-opens/--add-exports/--add-reads module flags)"
}

# Three-server clusters on loopback (cluster.sh, snapshot-install.sh). The caller sets ips=(A B C);
# cluster_setup NAME checks that nothing listens on them, makes $work and pids, and installs the trap
# that stops exactly those servers (TERM, KILL after 15 s) and removes $work (KEEP_WORK=1 keeps it).
# The caller then writes $work/cluster.hcl, which every server loads.
cluster_setup() {  # NAME
    local ip
    [[ -x $consul_bin ]] || die "$consul_bin not found"
    command -v curl >/dev/null || die "curl is needed"
    for ip in "${ips[@]}"; do
        if (exec 3<>"/dev/tcp/$ip/8500") 2>/dev/null; then die "something already listens on $ip:8500"; fi
    done
    work=$(mktemp -d "${TMPDIR:-/tmp}/proconsul-bench-$1.XXXXXX")
    pids=(0 0 0)
    trap cluster_cleanup EXIT
    trap 'exit 130' INT TERM
}

cluster_cleanup() {
    local i
    for i in 0 1 2; do (( pids[i] > 0 )) && stop_pid "${pids[i]}" 15; done
    if [[ ${KEEP_WORK:-0} == 1 ]]; then info "kept $work"; else rm -rf "$work"; fi
}

cluster_start_server() {  # INDEX: -server -bootstrap-expect=3, joined to the first two, output in $work/sINDEX.log
    local i=$1
    "$consul_bin" agent -server -bootstrap-expect=3 -node "s$((i + 1))" -bind "${ips[i]}" -client "${ips[i]}" \
        -data-dir "$work/s$i" -retry-join "${ips[0]}" -retry-join "${ips[1]}" -retry-interval 1s \
        -config-file "$work/cluster.hcl" >> "$work/s$i.log" 2>&1 &
    pids[i]=$!
}
