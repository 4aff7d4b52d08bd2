#!/usr/bin/env bash
# Gossip traffic per node of a real LAN pool: one server and N-1 clients, each in a network namespace
# of its own, idle (no KV, no HTTP) after they have all joined.
#
# usage: bench/gossip-traffic.sh [nodes] [seconds]     (defaults 3 and 60; run as root)
#
# Each agent runs in namespace pcb-hI with address 10.201.3.I on a veth cabled to a bridge in namespace
# pcb-sw, so the kernel's counters of that veth see exactly the agent's gossip (HTTP goes over the
# namespace's own lo and is not counted). The script waits until every agent lists every other as alive,
# lets the pool settle WARM seconds (default 35, past one push/pull interval), then reads per node over
# the window: bytes sent on the wire (veth tx_bytes: IP and UDP/TCP headers included), UDP datagrams
# and TCP segments sent (/proc/net/snmp of the namespace).
#
# Environment: WARM (seconds, default 35), HEAP (agent -Xmx, default 256m), KEEP_WORK=1.
# Namespaces, veths and addresses carry the prefix pcb- / 10.201.3.0/24 only; stale ones with that
# prefix are removed before the start, everything is removed on exit; only the agents started here are
# signalled (TERM, KILL after 15 s).
#
# Output (stdout):
#   GOSSIP node=nI tx_bytes_per_s=.. udp_out_per_s=.. tcp_out_per_s=..    one per node
#   GOSSIP_SUMMARY nodes=N seconds=S tx_bytes_per_node_per_s mean=.. min=.. max=.. udp_out_per_s mean=.. tcp_out_per_s mean=..
set -euo pipefail

. "$(dirname "$0")/lib.sh"

nodes=${1:-3}
seconds=${2:-60}
warm=${WARM:-35}
heap=${HEAP:-256m}
[[ $nodes =~ ^[0-9]+$ ]] && (( nodes >= 2 && nodes <= 50 )) || die "usage: bench/gossip-traffic.sh [nodes 2..50] [seconds]"
[[ $seconds =~ ^[0-9]+$ ]] && (( seconds >= 5 )) || die "seconds must be 5 or more"
[[ $(id -u) == 0 ]] || die "network namespaces need root"
command -v ip >/dev/null || die "iproute2 (ip) is needed"
[[ -x $consul_bin ]] || die "$consul_bin not found"

prefix=pcb-
switch=${prefix}sw
top=$(mktemp -d "${TMPDIR:-/tmp}/proconsul-bench-gossip.XXXXXX")
pids=()

remove_namespaces() {
    local ns
    for ns in $(ip netns list | awk '{print $1}'); do
        [[ $ns == "$prefix"* ]] && ip netns del "$ns" 2>/dev/null || true
    done
}
cleanup() {
    local pid
    for pid in "${pids[@]}"; do stop_pid "$pid" 15; done
    remove_namespaces
    if [[ ${KEEP_WORK:-0} == 1 ]]; then info "kept $top"; else rm -rf "$top"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

remove_namespaces
ip netns add "$switch"
in_ns "$switch" ip link set lo up
in_ns "$switch" ip link add ${prefix}br type bridge
in_ns "$switch" ip link set ${prefix}br up
for (( i = 1; i <= nodes; i++ )); do
    ns=${prefix}h$i
    veth=${prefix}v$i
    ip netns add "$ns"
    in_ns "$ns" ip link set lo up
    # both ends are created inside the switch namespace, so nothing ever appears in the caller's
    in_ns "$switch" ip link add "$veth" type veth peer name "$veth-p"
    in_ns "$switch" ip link set "$veth" netns "$ns"
    in_ns "$switch" ip link set "$veth-p" master ${prefix}br
    in_ns "$switch" ip link set "$veth-p" up
    in_ns "$ns" ip addr add "10.201.3.$i/24" dev "$veth"
    in_ns "$ns" ip link set "$veth" up
done

echo "# gossip-traffic $(date -u +%Y-%m-%dT%H:%M:%SZ) nodes=$nodes seconds=$seconds warm=$warm heap=$heap host: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for (( i = 1; i <= nodes; i++ )); do
    work=$top/n$i
    mkdir -p "$work/tmp"
    if (( i == 1 )); then
        role=(-server -bootstrap-expect=1)
    else
        role=(-retry-join 10.201.3.1)
    fi
    PROCONSUL_MAX_HEAP=$heap PROCONSUL_JAVA_OPTS="-Djava.io.tmpdir=$work/tmp" \
        ip netns exec "${prefix}h$i" "$consul_bin" agent "${role[@]}" -node "n$i" -bind "10.201.3.$i" \
        -client 127.0.0.1 -data-dir "$work/data" > "$work/agent.log" 2>&1 &
    pids+=($!)
done

alive_count() {  # NODE_INDEX -> number of members that agent lists as alive (0 when it does not answer)
    { in_ns "${prefix}h$1" curl -s --max-time 2 http://127.0.0.1:8500/v1/agent/members 2>/dev/null \
        | grep -o '"Status":1[,}]' || true; } | wc -l
}
deadline=$(( $(date +%s) + 180 ))
for (( i = 1; i <= nodes; i++ )); do
    while (( $(alive_count "$i") < nodes )); do
        kill -0 "${pids[i-1]}" 2>/dev/null || { tail -20 "$top/n$i/agent.log" >&2; die "agent n$i exited"; }
        (( $(date +%s) < deadline )) || { tail -20 "$top/n$i/agent.log" >&2; die "agent n$i does not see $nodes alive members"; }
        sleep 1
    done
done
info "all $nodes agents see $nodes alive members; settling ${warm}s"
sleep "$warm"

counters() {  # NODE_INDEX -> "tx_bytes udp_out tcp_out"
    local ns=${prefix}h$1 tx udp tcp
    tx=$(in_ns "$ns" cat "/sys/class/net/${prefix}v$1/statistics/tx_bytes")
    udp=$(in_ns "$ns" awk '$1 == "Udp:" && $2 ~ /^[0-9]+$/ {print $5}' /proc/net/snmp)
    tcp=$(in_ns "$ns" awk '$1 == "Tcp:" && $2 ~ /^[0-9]+$/ {print $12}' /proc/net/snmp)
    echo "$tx $udp $tcp"
}
declare -a before after
for (( i = 1; i <= nodes; i++ )); do before[i]=$(counters "$i"); done
sleep "$seconds"
for (( i = 1; i <= nodes; i++ )); do after[i]=$(counters "$i"); done

sum=0 min=-1 max=0 udp_sum=0 tcp_sum=0
for (( i = 1; i <= nodes; i++ )); do
    read -r tx0 udp0 tcp0 <<< "${before[i]}"
    read -r tx1 udp1 tcp1 <<< "${after[i]}"
    rate=$(( (tx1 - tx0) / seconds ))
    udp_rate=$(awk -v a="$udp0" -v b="$udp1" -v s="$seconds" 'BEGIN {printf "%.1f", (b - a) / s}')
    tcp_rate=$(awk -v a="$tcp0" -v b="$tcp1" -v s="$seconds" 'BEGIN {printf "%.1f", (b - a) / s}')
    echo "GOSSIP node=n$i tx_bytes_per_s=$rate udp_out_per_s=$udp_rate tcp_out_per_s=$tcp_rate"
    sum=$(( sum + rate ))
    (( min < 0 || rate < min )) && min=$rate
    (( rate > max )) && max=$rate
    udp_sum=$(( udp_sum + udp1 - udp0 ))
    tcp_sum=$(( tcp_sum + tcp1 - tcp0 ))
done
echo "GOSSIP_SUMMARY nodes=$nodes seconds=$seconds tx_bytes_per_node_per_s mean=$(( sum / nodes )) min=$min max=$max" \
    "udp_out_per_s mean=$(awk -v t="$udp_sum" -v n="$nodes" -v s="$seconds" 'BEGIN {printf "%.1f", t / n / s}')" \
    "tcp_out_per_s mean=$(awk -v t="$tcp_sum" -v n="$nodes" -v s="$seconds" 'BEGIN {printf "%.1f", t / n / s}')"
