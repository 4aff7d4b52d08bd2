#!/usr/bin/env bash
# etcd and Proconsul under the same KV load, one after the other, with the results side by side.
#
# usage: bench/compare-etcd.sh [seconds] [connections]     (defaults 15 32, as the anchor)
#
# 1. ../shared/bench/etcd-anchor.sh seconds connections with SETUPS=single (a single etcd on
#    127.0.0.1:23379, fresh data dir, default fsync; the anchor installs etcd with apt-get if missing)
# 2. bench/run-kv.sh seconds connections for each MODE in MODES (default "server": the durable
#    single server, which fsyncs its Raft log like etcd; "server dev" adds the in-memory -dev agent)
# then prints every RESULT/ANCHOR/MEMBER/AGENT line and a table: req/s, p50, p99, errors, and
# req/s as a fraction of etcd's for the same workload.
#
# Reads: etcd's range is linearizable, so Proconsul's GETs default to ?consistent here
# (CONSUL_READ_MODE=consistent); CONSUL_READ_MODE=default measures Consul's default read mode,
# ETCD_READ_MODE=serializable etcd's cheaper one. READ_MODE itself is not passed on (its values
# differ between the two targets).
#
# Environment: MODES ("server"), ETCD_SETUPS ("single"; "single cluster" adds the 3-member etcd),
# CONSUL_READ_MODE (consistent), ETCD_READ_MODE (linearizable), BENCH_ADDR/BENCH_PORT (Proconsul),
# BASE_PORT (etcd), ETCD_ANCHOR (path of etcd-anchor.sh; default ../shared/bench/etcd-anchor.sh),
# and what kv-load.sh reads (WRK_THREADS, WARMUP_SECONDS, KEYS, VALUE_SIZE, PUT_PERCENT, ...).
# Exit status: 0 when every run completed without counted errors, 3 when errors were counted, 1 on failure.
set -euo pipefail

. "$(dirname "$0")/lib.sh"

seconds=${1:-15}
conns=${2:-32}
[[ $seconds =~ ^[0-9]+$ && $conns =~ ^[0-9]+$ ]] || die "usage: bench/compare-etcd.sh [seconds] [connections]"
modes=${MODES:-server}
anchor=${ETCD_ANCHOR:-$shared_bench/etcd-anchor.sh}
[[ -x $anchor ]] || die "the etcd anchor $anchor is missing (expected ../shared/bench beside the repo root $repo_root)"
[[ -x $shared_bench/kv-load.sh ]] || die "$shared_bench/kv-load.sh is missing"
for m in $modes; do case $m in dev|server) ;; *) die "MODES may hold dev and server, got '$m'" ;; esac; done
unset READ_MODE LABEL

work=$(mktemp -d "${TMPDIR:-/tmp}/proconsul-bench-compare.XXXXXX")
child=""
cleanup() {
    if [[ -n $child ]]; then stop_pid "$child" 30; fi   # its own trap stops what it started
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

status=0
run() {  # OUTFILE COMMAND...: run in the background (so INT/TERM reach our trap), keep stdout
    local out=$1 rc=0; shift
    "$@" > "$out" &
    child=$!
    wait "$child" || rc=$?
    child=""
    case $rc in
        0) ;;
        3) status=3 ;;
        *) cat "$out"; die "$* failed (exit $rc)" ;;
    esac
}

echo "# compare-etcd $(date -u +%Y-%m-%dT%H:%M:%SZ) seconds=$seconds conns=$conns etcd_setups=\"${ETCD_SETUPS:-single}\" etcd_read=${ETCD_READ_MODE:-linearizable} proconsul_modes=\"$modes\" proconsul_read=${CONSUL_READ_MODE:-consistent}"
echo "# host: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

info "etcd: $anchor $seconds $conns"
SETUPS=${ETCD_SETUPS:-single} READ_MODE=${ETCD_READ_MODE:-linearizable} run "$work/etcd.out" "$anchor" "$seconds" "$conns"
outs=("$work/etcd.out")
for m in $modes; do
    info "proconsul: MODE=$m bench/run-kv.sh $seconds $conns"
    MODE=$m READ_MODE=${CONSUL_READ_MODE:-consistent} run "$work/proconsul.$m.out" "$bench_dir/run-kv.sh" "$seconds" "$conns"
    outs+=("$work/proconsul.$m.out")
done

grep -hE '^(RESULT|ANCHOR|MEMBER|AGENT|WARNING|FAILED) ' "${outs[@]}" || true

echo "# side by side (req/s; p50/p99 ms; errors = non2xx+misses+socket errors; vs etcd = req/s over the first etcd setup's)"
awk '
/^RESULT / {
    delete f
    for (i = 2; i <= NF; i++) { eq = index($i, "="); f[substr($i, 1, eq - 1)] = substr($i, eq + 1) }
    err = f["non2xx"] + f["misses"] + f["err_connect"] + f["err_read"] + f["err_write"] + f["err_timeout"]
    if (f["target"] == "etcd" && !(f["workload"] in base)) base[f["workload"]] = f["rps"]
    n++; label[n] = f["label"]; wl[n] = f["workload"]; rm[n] = f["read_mode"]
    rps[n] = f["rps"]; p50[n] = f["p50_ms"]; p99[n] = f["p99_ms"]; errs[n] = err
}
END {
    printf "#   %-18s %-4s %-13s %10s %8s %8s %7s %8s\n", "label", "load", "read", "req/s", "p50", "p99", "errors", "vs etcd"
    for (w = 1; w <= 3; w++) {
        split("put get mix", order, " ")
        for (i = 1; i <= n; i++) {
            if (wl[i] != order[w]) continue
            ratio = (wl[i] in base && base[wl[i]] > 0) ? sprintf("%.2f", rps[i] / base[wl[i]]) : "-"
            printf "#   %-18s %-4s %-13s %10.0f %8.2f %8.2f %7d %8s\n", label[i], wl[i], rm[i], rps[i], p50[i], p99[i], errs[i], ratio
        }
    }
}' "${outs[@]}"
exit "$status"
