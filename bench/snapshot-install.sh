#!/usr/bin/env bash
# Snapshot install time for a large state: three durable servers on loopback (127.0.0.57-59, Consul's
# default ports, raft_multiplier = 1), one follower stopped while SIZE_MB of KV data is written at the
# leader, the log compacted past it, then the follower restarted: it can only catch up by snapshot.
#
# usage: bench/snapshot-install.sh [size_mb]      (default 1024)
#
# Values are VALUE_KB (default 512, Consul's kv_max_value_size) of random bytes, written by PARALLEL
# (default 8) concurrent PUTs. Bench-only settings in a config file, so the run is short and the
# follower really needs a snapshot: raft_snapshot_threshold = 200, raft_snapshot_interval = "2s",
# raft_trailing_logs = 50 (the defaults are 16384, 30s, 10240).
#
# Output (stdout):
#   LOAD mb=.. values=.. seconds=.. mb_per_s=..
#   SNAPSHOT index=.. last_write_index=.. bytes=.. took_ms=..  (the leader's snapshot the follower installs)
#   INSTALL restart_to_serving_ms=.. transfer_ms=.. restore_ms=.. follower_rss_mb=..
# restart_to_serving_ms runs from the follower's restart until it answers a stale read of the last key
# with the right value. Stops exactly the servers it started; removes its work directory (KEEP_WORK=1
# keeps it).
set -euo pipefail

. "$(dirname "$0")/lib.sh"

size_mb=${1:-1024}
value_kb=${VALUE_KB:-512}
parallel=${PARALLEL:-8}
[[ $size_mb =~ ^[0-9]+$ && $value_kb =~ ^[0-9]+$ && $parallel =~ ^[0-9]+$ ]] \
    || die "usage: bench/snapshot-install.sh [size_mb]"
ips=(127.0.0.57 127.0.0.58 127.0.0.59)
cluster_setup snapshot

cat > "$work/cluster.hcl" <<'HCL'
performance {
  raft_multiplier = 1
}
raft_snapshot_threshold = 200
raft_snapshot_interval = "2s"
raft_trailing_logs = 50
HCL

leader_index() {  # the index of the server every live one names as leader, or nothing
    local i l first=""
    for i in 0 1 2; do
        (( pids[i] > 0 )) || continue
        l=$(curl -s --max-time 1 "http://${ips[i]}:8500/v1/status/leader" 2>/dev/null | tr -d '"' || true)
        [[ -n $l ]] || return 0
        [[ -z $first ]] && first=$l
        [[ $l == "$first" ]] || return 0
    done
    for i in 0 1 2; do [[ $first == "${ips[i]}:8300" ]] && echo "$i"; done
    return 0
}

await_leader() {
    local deadline=$(( $(date +%s) + 120 )) l
    while (( $(date +%s) < deadline )); do
        l=$(leader_index)
        [[ -n $l ]] && { echo "$l"; return 0; }
        sleep 0.2
    done
    die "no agreed leader within 120 s"
}

for i in 0 1 2; do cluster_start_server "$i"; done
leader=$(await_leader)
follower=$(( (leader + 1) % 3 ))
info "leader ${ips[leader]}, stopping follower ${ips[follower]}"
stop_pid "${pids[follower]}" 15
pids[follower]=0

head -c $(( value_kb * 1024 )) /dev/urandom > "$work/value"
values=$(( (size_mb * 1024 + value_kb - 1) / value_kb ))
url="http://${ips[leader]}:8500/v1/kv/big"
t0=$(date +%s%N)
seq 0 $(( values - 1 )) | xargs -P "$parallel" -I{} sh -c \
    'r=$(curl -s --max-time 60 -X PUT --data-binary @"$1" "$2/$3"); [ "$r" = true ] || { echo "PUT $3: $r" >&2; exit 255; }' \
    _ "$work/value" "$url" {} || die "a PUT failed"
load_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "LOAD mb=$(( values * value_kb / 1024 )) values=$values seconds=$(( load_ms / 1000 )) mb_per_s=$(( values * value_kb * 1000 / 1024 / (load_ms > 0 ? load_ms : 1) ))"

# wait for a snapshot of the leader within one threshold (200) of the last write, then restart the
# follower: it installs that snapshot and takes the rest from the log
last_index=$(curl -s -D - -o /dev/null "$url/$(( values - 1 ))" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-consul-index"{print $2}')
deadline=$(( $(date +%s) + 600 ))
while :; do
    line=$(grep "raft: snapshot complete" "$work/s$leader.log" | tail -1 || true)
    idx=$(sed -n 's/.* index=\([0-9]*\) .*/\1/p' <<<"$line")
    [[ -n $idx ]] && (( idx + 200 >= last_index )) && break
    (( $(date +%s) < deadline )) || die "the leader took no snapshot near index $last_index within 600 s"
    sleep 1
done
bytes=$(sed -n 's/.* bytes=\([0-9]*\) .*/\1/p' <<<"$line")
took=$(sed -n 's/.* took_ms=\([0-9]*\) .*/\1/p' <<<"$line")
echo "SNAPSHOT index=$idx last_write_index=$last_index bytes=$bytes took_ms=$took"

t1=$(date +%s%N)
cluster_start_server "$follower"
expected=$(md5sum < "$work/value" | cut -d' ' -f1)
deadline=$(( $(date +%s) + 1200 ))
while :; do
    got=$( (curl -s --max-time 10 "http://${ips[follower]}:8500/v1/kv/big/$(( values - 1 ))?raw&stale" 2>/dev/null || true) | md5sum | cut -d' ' -f1)
    [[ $got == "$expected" ]] && break
    (( $(date +%s) < deadline )) || { tail -20 "$work/s$follower.log" >&2; die "the follower did not catch up within 1200 s"; }
    sleep 0.2
done
serving_ms=$(( ($(date +%s%N) - t1) / 1000000 ))
ts() { date -d "$1" +%s%3N 2>/dev/null || echo 0; }
# the leader logs when it starts streaming; the follower when the file is complete and when it is restored
started=$(grep "raft: sending snapshot" "$work/s$leader.log" | tail -1 | cut -d' ' -f1 || true)
received=$(grep -m1 "raft: snapshot received" "$work/s$follower.log" | cut -d' ' -f1 || true)
installed=$(grep "raft: restored state from snapshot" "$work/s$follower.log" | tail -1 | cut -d' ' -f1 || true)
transfer_ms=-1 restore_ms=-1
[[ -n $started && -n $received ]] && transfer_ms=$(( $(ts "$received") - $(ts "$started") ))
[[ -n $received && -n $installed ]] && restore_ms=$(( $(ts "$installed") - $(ts "$received") ))
rss=$(mb "$(proc_field "${pids[follower]}" VmRSS)")
echo "INSTALL restart_to_serving_ms=$serving_ms transfer_ms=$transfer_ms restore_ms=$restore_ms follower_rss_mb=$rss"
grep -i "snapshot" "$work/s$follower.log" | head -10 >&2 || true
