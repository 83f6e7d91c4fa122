#!/usr/bin/env bash
# Footprint benchmark of the node agent: steady-state CPU (share of one core) and RSS/PSS at N fixture containers,
# repeated, reported as median [min..max]. Not a test: numbers on a shared 2-core machine vary; read the spread.
#
#   node-agent/bench/footprint.sh [N ...]          default: 10 100 500
#   env: REPS=3 WARMUP=30 WINDOW=60 VERSION=v2|v1 PUBLISHER=discard|kafka EXTRA_OPTS="-XX:..." OUT=results.tsv
#
# The agent runs exactly as `./fgm agent run` starts it (same classpath, same jvm.options; EXTRA_OPTS appends JVM
# flags, as FGM_JAVA_OPTS does), at 1 Hz, on a fixture tree written by io.fgm.testkit.cgroup.FixtureTreeMain (N pod
# containers, two per pod, files in the kernel's formats). Self metrics stay on as in production (one more sample
# per tick); PSS every 10 s covers only the agent itself (the fixture has no processes).
#   PUBLISHER=discard  every sample is encoded, then dropped: the agent's own cost without a broker.
#   PUBLISHER=kafka    a KRaft broker runs in a separate JVM (io.fgm.agent.bench.BrokerMain, started once per
#                      run); its CPU is not counted. The agent publishes to it with its production settings.
# Rounds interleave the sizes (round 1: 10, 100, 500; round 2: ...), so slow drifts of the shared machine's load
# hit every size alike. Per run: CPU = (utime+stime delta of /proc/PID/stat over WINDOW s) / WINDOW, after WARMUP s
# (start-up and JIT compilation excluded); RSS = VmRSS and PSS = smaps_rollup Pss at the end of the window; the
# start-up CPU (utime+stime at the start of the window) is printed too. Raw rows go to OUT (tab-separated).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MOD="$(dirname "$HERE")"
ROOT="$(dirname "$MOD")"
if [[ $# -eq 0 ]]; then SIZES=(10 100 500); else SIZES=("$@"); fi
REPS=${REPS:-3}; WARMUP=${WARMUP:-30}; WINDOW=${WINDOW:-60}; VERSION=${VERSION:-v2}
PUBLISHER=${PUBLISHER:-discard}; EXTRA_OPTS=${EXTRA_OPTS:-}
OUT=${OUT:-$(mktemp /tmp/fgm-footprint.XXXXXX.tsv)}
HZ=$(getconf CLK_TCK)

if [[ ! -f "$MOD/target/classpath.txt" || ! -f "$MOD/target/test-classpath.txt" || ! -d "$MOD/target/test-classes" ]]
then
  mvn -q -B -f "$ROOT/pom.xml" install -DskipTests -pl node-agent -am >&2
  mvn -q -B -f "$ROOT/pom.xml" -pl node-agent test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$MOD/target/test-classpath.txt" >&2
fi
CP="$MOD/target/classes:$(cat "$MOD/target/classpath.txt")"
TEST_CP="$MOD/target/test-classes:$MOD/target/classes:$(cat "$MOD/target/test-classpath.txt")"
JVM_OPTS=()
while IFS= read -r line; do
  line="${line%%#*}"; line="$(echo "$line" | xargs)"; [[ -n "$line" ]] && JVM_OPTS+=("$line")
done < "$MOD/jvm.options"
# shellcheck disable=SC2206
JVM_OPTS+=($EXTRA_OPTS)

WORK=$(mktemp -d /tmp/fgm-bench.XXXXXX)
BROKER_PID=""
cleanup() {
  [[ -n "$BROKER_PID" ]] && kill "$BROKER_PID" 2>/dev/null && wait "$BROKER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

BOOTSTRAP=127.0.0.1:9
if [[ "$PUBLISHER" == kafka ]]; then
  BPORT=$((20000 + RANDOM % 20000))
  java -Xmx512m -cp "$TEST_CP" io.fgm.agent.bench.BrokerMain "$WORK/kafka" "$BPORT" fgm.samples \
    >"$WORK/broker.log" 2>&1 &
  BROKER_PID=$!
  for _ in $(seq 1 120); do grep -q '^READY' "$WORK/broker.log" && break; sleep 1; done
  grep -q '^READY' "$WORK/broker.log" || { echo "broker did not start:" >&2; tail "$WORK/broker.log" >&2; exit 1; }
  BOOTSTRAP=127.0.0.1:$BPORT
fi

for n in "${SIZES[@]}"; do
  java -cp "$TEST_CP" io.fgm.testkit.cgroup.FixtureTreeMain "$WORK/cg-$n" "$VERSION" "$n" >/dev/null
done
mkdir -p "$WORK/proc"

printf "publisher\tround\tN\tcpu_pct\trss_mib\tpss_mib\tstartup_cpu_s\tpass_ms\tsamples_per_s\n" >"$OUT"
for rep in $(seq 1 "$REPS"); do
  for n in "${SIZES[@]}"; do
    PORT=$((20000 + RANDOM % 20000))
    java "${JVM_OPTS[@]}" -cp "$CP" io.fgm.agent.AgentCli run --cgroup-root "$WORK/cg-$n" --proc-root "$WORK/proc" \
      --node-name bench --publisher "$PUBLISHER" --bootstrap-servers "$BOOTSTRAP" --spill-dir none \
      --http-port "$PORT" --self-metrics true >"$WORK/agent.log" 2>&1 &
    PID=$!
    sleep "$WARMUP"
    t0=$(awk '{print $14+$15}' "/proc/$PID/stat")
    s0=$(curl -s "127.0.0.1:$PORT/metrics" | awk '/outcome="produced"/ {print $2}')
    sleep "$WINDOW"
    t1=$(awk '{print $14+$15}' "/proc/$PID/stat")
    metrics=$(curl -s "127.0.0.1:$PORT/metrics")
    s1=$(echo "$metrics" | awk '/outcome="produced"/ {print $2}')
    cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$HZ" -v w="$WINDOW" 'BEGIN {printf "%.3f", (b-a)/hz/w*100}')
    startup=$(awk -v a="$t0" -v hz="$HZ" 'BEGIN {printf "%.2f", a/hz}')
    rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$PID/status")
    pss=$(awk '/^Pss:/ {printf "%.1f", $2/1024}' "/proc/$PID/smaps_rollup")
    pass=$(echo "$metrics" | awk '/^fgm_agent_pass_duration_seconds/ {printf "%.2f", $2*1000}')
    rate=$(awk -v a="${s0:-0}" -v b="${s1:-0}" -v w="$WINDOW" 'BEGIN {printf "%.1f", (b-a)/w}')
    kill "$PID"; wait "$PID" 2>/dev/null || true
    printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$PUBLISHER" "$rep" "$n" "$cpu" "$rss" "$pss" "$startup" "$pass" \
      "$rate" | tee -a "$OUT" >&2
  done
done

median() { sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%s [%s..%s]", m, a[1], a[NR]}'; }
col() { awk -F'\t' -v n="$1" -v c="$2" 'NR>1 && $3==n {print $c}' "$OUT" | median; }
echo
echo "publisher=$PUBLISHER version=$VERSION reps=$REPS warmup=${WARMUP}s window=${WINDOW}s extra='$EXTRA_OPTS' (raw: $OUT)"
printf "%-6s %-26s %-24s %-24s %-22s %s\n" "N" "CPU % of a core" "RSS MiB" "PSS MiB" "start-up CPU s" "pass ms"
for n in "${SIZES[@]}"; do
  printf "%-6s %-26s %-24s %-24s %-22s %s\n" "$n" "$(col "$n" 4)" "$(col "$n" 5)" "$(col "$n" 6)" "$(col "$n" 7)" \
    "$(col "$n" 8)"
done
