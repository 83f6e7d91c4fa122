#!/usr/bin/env bash
# Footprint benchmark of the node agent: steady-state CPU (share of one core) and RSS/PSS at N fixture containers,
# repeated, reported as median [min..max]. Not a test: numbers on a shared 2-core machine vary; read the spread.
#
#   node-agent/bench/footprint.sh [N ...]          default: 10 100 500
#   env: REPS=3 WARMUP=20 WINDOW=60 VERSION=v2|v1 PUBLISHER=discard|kafka BOOTSTRAP=127.0.0.1:9092
#
# The agent runs exactly as `./fgm agent run` starts it (same classpath, same jvm.options), at 1 Hz, reading a
# fixture tree written by io.fgm.testkit.cgroup.FixtureTreeMain (files in the kernel's formats, on tmpfs-like
# /tmp). PUBLISHER=discard encodes every sample and drops it (no broker needed); kafka needs BOOTSTRAP.
# CPU = (utime+stime delta of /proc/PID/stat over WINDOW s) / WINDOW; RSS = VmRSS; PSS from smaps_rollup, both
# at the end of the window.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MOD="$(dirname "$HERE")"
ROOT="$(dirname "$MOD")"
SIZES=("${@:-10 100 500}")
[[ $# -eq 0 ]] && SIZES=(10 100 500)
REPS=${REPS:-3}; WARMUP=${WARMUP:-20}; WINDOW=${WINDOW:-60}; VERSION=${VERSION:-v2}
PUBLISHER=${PUBLISHER:-discard}; BOOTSTRAP=${BOOTSTRAP:-127.0.0.1:9092}
HZ=$(getconf CLK_TCK)

if [[ ! -f "$MOD/target/classpath.txt" || ! -d "$ROOT/testkit/target/classes" ]]; then
  mvn -q -B -f "$ROOT/pom.xml" install -DskipTests -pl node-agent -am >&2
fi
CP="$MOD/target/classes:$(cat "$MOD/target/classpath.txt")"
TK_CP="$ROOT/testkit/target/classes:$CP"
JVM_OPTS=()
while IFS= read -r line; do
  line="${line%%#*}"; line="$(echo "$line" | xargs)"; [[ -n "$line" ]] && JVM_OPTS+=("$line")
done < "$MOD/jvm.options"

median() { sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%s [%s..%s]", m, a[1], a[NR]}'; }

printf "%-6s %-28s %-28s %-28s %s\n" "N" "CPU % of a core" "RSS MiB" "PSS MiB" "pass ms (last)"
for n in "${SIZES[@]}"; do
  cpu=(); rss=(); pss=(); pass=()
  for rep in $(seq 1 "$REPS"); do
    WORK=$(mktemp -d /tmp/fgm-bench.XXXXXX)
    java -cp "$TK_CP" io.fgm.testkit.cgroup.FixtureTreeMain "$WORK/cg" "$VERSION" "$n" >/dev/null
    mkdir -p "$WORK/proc"
    PORT=$((20000 + RANDOM % 20000))
    java "${JVM_OPTS[@]}" -cp "$CP" io.fgm.agent.AgentCli run --cgroup-root "$WORK/cg" --proc-root "$WORK/proc" \
      --node-name bench --publisher "$PUBLISHER" --bootstrap-servers "$BOOTSTRAP" --spill-dir none \
      --http-port "$PORT" --self-metrics false >"$WORK/agent.log" 2>&1 &
    PID=$!
    sleep "$WARMUP"
    t0=$(awk '{print $14+$15}' "/proc/$PID/stat")
    sleep "$WINDOW"
    t1=$(awk '{print $14+$15}' "/proc/$PID/stat")
    cpu+=("$(awk -v a="$t0" -v b="$t1" -v hz="$HZ" -v w="$WINDOW" 'BEGIN {printf "%.3f", (b-a)/hz/w*100}')")
    rss+=("$(awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$PID/status")")
    pss+=("$(awk '/^Pss:/ {printf "%.1f", $2/1024}' "/proc/$PID/smaps_rollup")")
    pass+=("$(curl -s "127.0.0.1:$PORT/metrics" | awk '/^fgm_agent_pass_duration_seconds/ {printf "%.2f", $2*1000}')")
    kill "$PID"; wait "$PID" 2>/dev/null || true
    rm -rf "$WORK"
  done
  printf "%-6s %-28s %-28s %-28s %s\n" "$n" "$(printf '%s\n' "${cpu[@]}" | median)" \
    "$(printf '%s\n' "${rss[@]}" | median)" "$(printf '%s\n' "${pss[@]}" | median)" \
    "$(printf '%s\n' "${pass[@]}" | median)"
done
