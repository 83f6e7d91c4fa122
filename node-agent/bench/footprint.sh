#!/usr/bin/env bash
# Footprint benchmark of the node agent: steady-state CPU (share of one core) and RSS/PSS at N fixture containers
# at 1 Hz, publishing to a real Kafka broker, repeated; reports median and spread [min..max]. Not a test: numbers on
# a shared machine vary, so it records the load average beside every window and keeps every raw row.
#
#   node-agent/bench/footprint.sh [--quick] [N ...]     default sizes 10 100 500
#   env: REPS=3 WARMUP=600 WINDOW=60 PUBLISHER=kafka|discard EXTRA_OPTS="-XX:..." RESULTS=node-agent/bench/results
#   --quick: REPS=1 WARMUP=30 WINDOW=30 (about 3 minutes; for a first look, not for the README)
#   The full run (3 sizes x 3 repetitions x (600 s + 60 s)) takes about 100 minutes. The warm-up is long because
#   it is meant to measure the steady state: C1 compiles a method after ~200 calls, i.e. once-per-tick code only
#   after ~200 s and code run every 2 s (pressure) or 10 s (limits, PSS) after 400 s to tens of minutes; until
#   then the compiler thread is a start-up cost inside the window (0.08-0.17 % of a core at 90-300 s). The C1
#   thread's CPU in the window is printed with the other threads ("C1 CompilerThre"): it should be ~0.
#   node-agent/bench/compare.sh runs old and new agents side by side on one fixture, in the same window.
#
# Per run, in separate JVMs whose CPU is not counted:
#   - io.fgm.agent.bench.BrokerMain: a KRaft broker on 127.0.0.1 (once per benchmark; topic with 2 partitions);
#   - io.fgm.agent.bench.LiveFixtureMain: a v2 kubepods tree of N containers (systemd driver, containerd, two per
#     pod, two processes each with /proc files) on tmpfs, every container's files rewritten in place every second
#     with advancing counters, so the agent's held descriptors read new values each tick.
# The agent runs exactly as `./fgm agent run` starts it: the same jvm.options parsed the same way (EXTRA_OPTS is
# appended like FGM_JAVA_OPTS), the module's runtime classpath, `run` with the DaemonSet's flags (--cgroup-root,
# --proc-root) and production defaults (1 Hz, PSS every 10 s, self metrics, HTTP endpoint on). The classes are
# copied first, so rebuilding the module during a run does not change what is measured.
# Measured: CPU = utime+stime delta of /proc/PID/stat over WINDOW s after WARMUP s (start-up and JIT compilation
# excluded); VmRSS and smaps_rollup Pss at the end of the window; per-thread CPU over the window; the 1-minute load
# average at the start and end of the window. Sizes are interleaved per round so slow drifts of the machine's load
# hit every size alike.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MOD="$(dirname "$HERE")"
ROOT="$(dirname "$MOD")"
QUICK=0
SIZES=()
for a in "$@"; do
  case "$a" in
    --quick) QUICK=1 ;;
    -h|--help) sed -n '2,25p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) SIZES+=("$a") ;;
  esac
done
[[ ${#SIZES[@]} -eq 0 ]] && SIZES=(10 100 500)
if [[ $QUICK == 1 ]]; then REPS=${REPS:-1}; WARMUP=${WARMUP:-30}; WINDOW=${WINDOW:-30}; fi
REPS=${REPS:-3}; WARMUP=${WARMUP:-600}; WINDOW=${WINDOW:-60}
PUBLISHER=${PUBLISHER:-kafka}; EXTRA_OPTS=${EXTRA_OPTS:-}
RESULTS=${RESULTS:-$HERE/results}
HZ=$(getconf CLK_TCK)

if [[ ! -f "$MOD/target/classpath.txt" || ! -f "$MOD/target/test-classpath.txt" || ! -d "$MOD/target/test-classes" \
      || -n "$(find "$MOD/src" -newer "$MOD/target/test-classpath.txt" -name '*.java' -print -quit)" ]]; then
  mvn -q -B -f "$ROOT/pom.xml" install -DskipTests -pl node-agent -am >&2
  mvn -q -B -f "$ROOT/pom.xml" -pl node-agent test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$MOD/target/test-classpath.txt" >&2
fi

SHM=/dev/shm
[[ -d $SHM && -w $SHM ]] || SHM=/tmp
WORK=$(mktemp -d "$SHM/fgm-footprint.XXXXXX")
cp -r "$MOD/target/classes" "$WORK/classes"
cp -r "$MOD/target/test-classes" "$WORK/test-classes"
CP="$WORK/classes:$(cat "$MOD/target/classpath.txt")"
TEST_CP="$WORK/test-classes:$WORK/classes:$(cat "$MOD/target/test-classpath.txt")"
JVM_OPTS=()
while IFS= read -r line; do # exactly as ../fgm reads jvm.options
  line="${line%%#*}"; line="$(echo "$line" | xargs)"; [[ -n "$line" ]] && JVM_OPTS+=("$line")
done < "$MOD/jvm.options"
# shellcheck disable=SC2206
JVM_OPTS+=($EXTRA_OPTS)

BROKER_PID=""; FIXTURE_PID=""; AGENT_PID=""
cleanup() {
  set +e # a failing kill or wait must not skip the rest
  for p in "$AGENT_PID" "$FIXTURE_PID" "$BROKER_PID"; do
    if [[ -n "$p" ]]; then kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; fi
  done
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

ticks() { awk '{sub(/.*\) /, ""); print $12 + $13}' "$1"; }
threads() { # tid <tab> ticks <tab> name, for every thread of $1
  for t in /proc/"$1"/task/*; do
    printf "%s\t%s\t%s\n" "${t##*/}" "$(ticks "$t/stat" 2>/dev/null)" "$(cat "$t/comm" 2>/dev/null)"
  done
}
load1() { cut -d' ' -f1 /proc/loadavg; }

RAW="$WORK/raw.tsv"
: >"$RAW"
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for rep in $(seq 1 "$REPS"); do
  for n in "${SIZES[@]}"; do
    rm -rf "$WORK/cg" "$WORK/proc"
    java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$TEST_CP" io.fgm.agent.bench.LiveFixtureMain \
      "$WORK/cg" "$WORK/proc" "$n" >"$WORK/fixture.log" 2>&1 &
    FIXTURE_PID=$!
    for _ in $(seq 1 60); do grep -q '^READY' "$WORK/fixture.log" && break; sleep 0.5; done
    grep -q '^READY' "$WORK/fixture.log" || { echo "fixture did not start:" >&2; cat "$WORK/fixture.log" >&2; exit 1; }
    PORT=$((20000 + RANDOM % 20000))
    java "${JVM_OPTS[@]}" -cp "$CP" io.fgm.agent.AgentCli run --cgroup-root "$WORK/cg" --proc-root "$WORK/proc" \
      --node-name bench --publisher "$PUBLISHER" --bootstrap-servers "$BOOTSTRAP" --spill-dir none \
      --http-port "$PORT" >"$WORK/agent.log" 2>&1 &
    AGENT_PID=$!
    sleep "$WARMUP"
    kill -0 "$AGENT_PID" 2>/dev/null || { echo "agent died:" >&2; tail "$WORK/agent.log" >&2; exit 1; }
    # /metrics before the window: its first request after the warm-up runs cold code (a clock tick of CPU), the
    # benchmark's cost rather than the agent's
    m0=$(curl -s "127.0.0.1:$PORT/metrics")
    la0=$(load1); t0=$(ticks "/proc/$AGENT_PID/stat"); threads "$AGENT_PID" >"$WORK/th0"
    sleep "$WINDOW"
    t1=$(ticks "/proc/$AGENT_PID/stat"); threads "$AGENT_PID" >"$WORK/th1"; la1=$(load1)
    m1=$(curl -s "127.0.0.1:$PORT/metrics")
    rss=$(awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$AGENT_PID/status")
    pss=$(awk '/^Pss:/ {printf "%.1f", $2 / 1024}' "/proc/$AGENT_PID/smaps_rollup")
    kill "$AGENT_PID"; wait "$AGENT_PID" 2>/dev/null || true; AGENT_PID=""
    kill "$FIXTURE_PID"; wait "$FIXTURE_PID" 2>/dev/null || true; FIXTURE_PID=""
    cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$HZ" -v w="$WINDOW" 'BEGIN {printf "%.3f", (b - a) / hz / w * 100}')
    startup=$(awk -v a="$t0" -v hz="$HZ" 'BEGIN {printf "%.2f", a / hz}')
    metric() { echo "$1" | awk -v k="$2" 'index($0, k) == 1 {print $2; exit}'; }
    sent=$(awk -v a="$(metric "$m0" 'fgm_agent_samples_total{outcome="sent"}')" \
      -v b="$(metric "$m1" 'fgm_agent_samples_total{outcome="sent"}')" -v w="$WINDOW" 'BEGIN {printf "%.1f", (b - a) / w}')
    parse=$(metric "$m1" fgm_agent_parse_errors_total)
    missed=$(metric "$m1" fgm_agent_ticks_missed_total)
    # the five busiest threads over the window, "name=pct" with pct in % of one core
    top=$(awk -F'\t' -v w="$WINDOW" -v hz="$HZ" 'NR == FNR {a[$1] = $2; next}
      {d = $2 - ($1 in a ? a[$1] : 0); if (d > 0) printf "%.3f\t%s\n", d / hz / w * 100, $3}' "$WORK/th0" "$WORK/th1" \
      | sort -rn | awk -F'\t' 'NR <= 5' | awk -F'\t' '{printf "%s%s=%s", (NR > 1 ? ";" : ""), $2, $1}')
    printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$rep" "$n" "$cpu" "$rss" "$pss" "$startup" "$la0" \
      "$la1" "$sent" "${parse:-0}" "${missed:-0}" "$top" >>"$RAW"
    printf "round %s  N=%-4s cpu %6s %%  rss %6s MiB  pss %6s MiB  load %s->%s  sent/s %s  parse errors %s  [%s]\n" \
      "$rep" "$n" "$cpu" "$rss" "$pss" "$la0" "$la1" "$sent" "${parse:-0}" "$top" >&2
  done
done

# median and [min..max] of column $2 for size $1
stat3() {
  awk -F'\t' -v n="$1" -v c="$2" '$2 == n {print $c}' "$RAW" | sort -g \
    | awk '{a[NR] = $1} END {m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; print m, a[1], a[NR]}'
}
median() { stat3 "$1" "$2" | cut -d' ' -f1; }
FIRST=${SIZES[0]}; LAST=${SIZES[${#SIZES[@]}-1]}
growth() { # per container between the smallest and the largest size, of the medians of column $1, times $2
  awk -v a="$(median "$FIRST" "$1")" -v b="$(median "$LAST" "$1")" -v n0="$FIRST" -v n1="$LAST" -v f="$2" \
    'BEGIN {if (n1 == n0) print "null"; else printf "%.4f", (b - a) / (n1 - n0) * f}'
}

HOST_CPUS=$(nproc)
KERNEL=$(uname -r)
JAVA=$(java -version 2>&1 | awk 'NR == 1' | tr -d '"')
mkdir -p "$RESULTS"
OUT="$RESULTS/footprint-$(date -u +%Y%m%dT%H%M%SZ)$([[ $QUICK == 1 ]] && echo -quick || true).json"
{
  printf '{\n  "started": "%s",\n  "finished": "%s",\n' "$STARTED" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '  "command": "node-agent/bench/footprint.sh%s %s",\n' "$([[ $QUICK == 1 ]] && echo ' --quick' || true)" "${SIZES[*]}"
  printf '  "machine": {"cpus": %s, "kernel": "%s", "java": "%s"},\n' "$HOST_CPUS" "$KERNEL" "$JAVA"
  printf '  "settings": {"reps": %s, "warmup_s": %s, "window_s": %s, "publisher": "%s", "extra_opts": "%s", ' \
    "$REPS" "$WARMUP" "$WINDOW" "$PUBLISHER" "$EXTRA_OPTS"
  printf '"fixture": "v2 kubepods, systemd driver, containerd, counters advancing every second, on %s"},\n' "$SHM"
  printf '  "summary": [\n'
  i=0
  for n in "${SIZES[@]}"; do
    read -r cm c0 c1 <<<"$(stat3 "$n" 3)"; read -r rm r0 r1 <<<"$(stat3 "$n" 4)"
    read -r pm p0 p1 <<<"$(stat3 "$n" 5)"; read -r lm l0 l1 <<<"$(stat3 "$n" 8)"
    printf '    {"containers": %s, "cpu_pct_of_core": {"median": %s, "min": %s, "max": %s}, ' "$n" "$cm" "$c0" "$c1"
    printf '"rss_mib": {"median": %s, "min": %s, "max": %s}, "pss_mib": {"median": %s, "min": %s, "max": %s}, ' \
      "$rm" "$r0" "$r1" "$pm" "$p0" "$p1"
    printf '"load1_end": {"median": %s, "min": %s, "max": %s}}' "$lm" "$l0" "$l1"
    i=$((i + 1)); [[ $i -lt ${#SIZES[@]} ]] && printf ',\n' || printf '\n'
  done
  printf '  ],\n'
  printf '  "growth_per_container": {"cpu_pct_of_core": %s, "rss_kib": %s, "pss_kib": %s},\n' \
    "$(growth 3 1)" "$(growth 4 1024)" "$(growth 5 1024)"
  printf '  "runs": [\n'
  awk -F'\t' '{printf "%s    {\"round\": %s, \"containers\": %s, \"cpu_pct_of_core\": %s, \"rss_mib\": %s, \"pss_mib\": %s, \"startup_cpu_s\": %s, \"load1_start\": %s, \"load1_end\": %s, \"samples_sent_per_s\": %s, \"parse_errors\": %s, \"ticks_missed\": %s, \"top_threads\": \"%s\"}", (NR > 1 ? ",\n" : ""), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12} END {print ""}' "$RAW"
  printf '  ]\n}\n'
} >"$OUT"

echo
echo "publisher=$PUBLISHER reps=$REPS warmup=${WARMUP}s window=${WINDOW}s extra='$EXTRA_OPTS' -> $OUT"
printf "%-6s %-26s %-24s %-24s %s\n" "N" "CPU % of a core" "RSS MiB" "PSS MiB" "load (1 min)"
for n in "${SIZES[@]}"; do
  f() { stat3 "$n" "$1" | awk '{printf "%s [%s..%s]", $1, $2, $3}'; }
  printf "%-6s %-26s %-24s %-24s %s\n" "$n" "$(f 3)" "$(f 4)" "$(f 5)" "$(f 8)"
done
echo "growth per container ($FIRST -> $LAST): CPU $(growth 3 1) % of a core, RSS $(growth 4 1024) KiB, PSS $(growth 5 1024) KiB"
