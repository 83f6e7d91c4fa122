#!/usr/bin/env bash
# Old against new: several agent variants run side by side on ONE live fixture and one broker, measured over the
# SAME window, so the shared machine's load hits them alike (footprint.sh measures one configuration at a time).
#
#   node-agent/bench/compare.sh N VARIANT_DIR...      e.g. compare.sh 100 /tmp/base .
#   env: REPS=3 WARMUP=600 WINDOW=300 RESULTS=node-agent/bench/results FIXTURE=v2 (or v1: the per-controller
#   hierarchies of a v1 host, so the v1 read path is measured; results named compare-...-n100-v1.tsv)
#   A VARIANT_DIR holds classes/ (the agent's compiled classes), jvm.options and optionally env (KEY=VALUE lines
#   set in the agent's environment, e.g. MALLOC_ARENA_MAX=2), args (extra `run` arguments, one line) and classpath
#   (the dependencies' jars, ':'-separated, for a variant whose runtime dependencies differ from this tree's). "."
#   is this working tree (target/classes, jvm.options, no env, no args), snapshotted at start. Without a classpath
#   file a variant runs on this module's target/classpath.txt. Everything else as footprint.sh: same fixture, same
#   broker, same `run` flags, utime+stime over the window after the warm-up, VmRSS/Pss at its end, per-thread CPU.
# The window is 300 s by default: 60-s windows of one agent differed by up to 0.1 % of a core where 570-s
# intervals of the same agents agreed within 0.03 (README "Seventh round").
# Each round starts all variants together (in the order given, rotated by one per round), warms up, measures.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MOD="$(dirname "$HERE")"
ROOT="$(dirname "$MOD")"
[[ $# -ge 2 ]] || { sed -n '2,13p' "${BASH_SOURCE[0]}"; exit 2; }
N=$1; shift
REPS=${REPS:-3}; WARMUP=${WARMUP:-600}; WINDOW=${WINDOW:-300}; RESULTS=${RESULTS:-$HERE/results}
FIXTURE=${FIXTURE:-v2}
[[ $FIXTURE == v1 || $FIXTURE == v2 ]] || { echo "FIXTURE must be v1 or v2" >&2; exit 2; }
HZ=$(getconf CLK_TCK)
SHM=/dev/shm
[[ -d $SHM && -w $SHM ]] || SHM=/tmp
WORK=$(mktemp -d "$SHM/fgm-compare.XXXXXX")
cp -r "$MOD/target/test-classes" "$WORK/test-classes"
TEST_CP="$WORK/test-classes:$MOD/target/classes:$(cat "$MOD/target/test-classpath.txt")"
DEPS="$(cat "$MOD/target/classpath.txt")"

NAMES=(); DIRS=()
i=0
for v in "$@"; do
  d="$WORK/v$i"; mkdir -p "$d"
  if [[ "$v" == . ]]; then
    cp -r "$MOD/target/classes" "$d/classes"; cp "$MOD/jvm.options" "$d/jvm.options"; NAMES+=("working-tree")
  else
    cp -r "$v/classes" "$d/classes"; cp "$v/jvm.options" "$d/jvm.options"
    [[ -f "$v/env" ]] && cp "$v/env" "$d/env"; [[ -f "$v/args" ]] && cp "$v/args" "$d/args"
    [[ -f "$v/classpath" ]] && cp "$v/classpath" "$d/classpath"
    NAMES+=("$(basename "$v")")
  fi
  DIRS+=("$d"); i=$((i + 1))
done
NV=${#DIRS[@]}

PIDS=(); FIXTURE_PID=""; BROKER_PID=""
cleanup() {
  set +e
  for p in "${PIDS[@]}" "$FIXTURE_PID" "$BROKER_PID"; do
    if [[ -n "$p" ]]; then kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

BPORT=$((20000 + RANDOM % 20000))
java -Xmx512m -cp "$TEST_CP" io.fgm.agent.bench.BrokerMain "$WORK/kafka" "$BPORT" fgm.samples >"$WORK/broker.log" 2>&1 &
BROKER_PID=$!
for _ in $(seq 1 120); do grep -q '^READY' "$WORK/broker.log" && break; sleep 1; done
grep -q '^READY' "$WORK/broker.log" || { echo "broker did not start" >&2; tail "$WORK/broker.log" >&2; exit 1; }

ticks() { awk '{sub(/.*\) /, ""); print $12 + $13}' "$1"; }
threads() {
  for t in /proc/"$1"/task/*; do
    printf "%s\t%s\t%s\n" "${t##*/}" "$(ticks "$t/stat" 2>/dev/null)" "$(cat "$t/comm" 2>/dev/null)"
  done
}
load1() { cut -d' ' -f1 /proc/loadavg; }
RAW="$WORK/raw.tsv"; : >"$RAW"
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for rep in $(seq 1 "$REPS"); do
  rm -rf "$WORK/cg" "$WORK/proc"
  java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$TEST_CP" io.fgm.agent.bench.LiveFixtureMain \
    "$WORK/cg" "$WORK/proc" "$N" "$FIXTURE" >"$WORK/fixture.log" 2>&1 &
  FIXTURE_PID=$!
  for _ in $(seq 1 60); do grep -q '^READY' "$WORK/fixture.log" && break; sleep 0.5; done
  grep -q '^READY' "$WORK/fixture.log" || { echo "fixture did not start" >&2; exit 1; }
  PIDS=(); PORTS=()
  for k in $(seq 0 $((NV - 1))); do
    j=$(( (k + rep - 1) % NV )); d="${DIRS[$j]}"
    opts=(); while IFS= read -r line; do line="${line%%#*}"; line="$(echo "$line" | xargs)"; [[ -n "$line" ]] && opts+=("$line"); done <"$d/jvm.options"
    envs=(); [[ -f "$d/env" ]] && while IFS= read -r line; do [[ -n "$line" ]] && envs+=("$line"); done <"$d/env"
    # shellcheck disable=SC2207
    extra=(); [[ -f "$d/args" ]] && extra=($(cat "$d/args"))
    port=$((20000 + RANDOM % 20000))
    deps="$DEPS"; [[ -f "$d/classpath" ]] && deps="$(cat "$d/classpath")"
    env "${envs[@]}" java "${opts[@]}" -cp "$d/classes:$deps" io.fgm.agent.AgentCli run --cgroup-root "$WORK/cg" \
      --proc-root "$WORK/proc" --node-name "bench$j" --bootstrap-servers "127.0.0.1:$BPORT" --spill-dir none \
      --http-port "$port" "${extra[@]}" >"$WORK/agent$j.log" 2>&1 &
    PIDS[$j]=$!; PORTS[$j]=$port
  done
  sleep "$WARMUP"
  la0=$(load1)
  # the agents' /metrics first, outside the window: the first request after the warm-up runs cold code (~10 ms of
  # the HTTP thread's CPU, a clock tick), which is the benchmark's cost, not the agent's steady state
  for j in $(seq 0 $((NV - 1))); do
    kill -0 "${PIDS[$j]}" || { echo "agent ${NAMES[$j]} died" >&2; tail "$WORK/agent$j.log" >&2; exit 1; }
    curl -s "127.0.0.1:${PORTS[$j]}/metrics" | awk '/^fgm_agent_samples_total\{outcome="sent"\}/ {print $2}' >"$WORK/m0.$j"
    date +%s.%N >"$WORK/s0.$j"
  done
  # then the CPU counters of all agents, back to back, each with its own clock reading (a loaded machine can take
  # seconds per agent for the rest); rates are divided by each agent's own elapsed time, not by WINDOW
  for j in $(seq 0 $((NV - 1))); do
    ticks "/proc/${PIDS[$j]}/stat" >"$WORK/t0.$j"; date +%s.%N >"$WORK/c0.$j"
  done
  for j in $(seq 0 $((NV - 1))); do
    threads "${PIDS[$j]}" >"$WORK/th0.$j"; date +%s.%N >"$WORK/d0.$j"
  done
  sleep "$WINDOW"
  la1=$(load1)
  for j in $(seq 0 $((NV - 1))); do
    ticks "/proc/${PIDS[$j]}/stat" >"$WORK/t1.$j"; date +%s.%N >"$WORK/c1.$j"
  done
  for j in $(seq 0 $((NV - 1))); do
    p=${PIDS[$j]}
    t1=$(cat "$WORK/t1.$j"); threads "$p" >"$WORK/th1.$j"; d1=$(date +%s.%N)
    m1=$(curl -s "127.0.0.1:${PORTS[$j]}/metrics" | awk '/^fgm_agent_samples_total\{outcome="sent"\}/ {print $2}')
    s1=$(date +%s.%N)
    el=$(awk -v a="$(cat "$WORK/c0.$j")" -v b="$(cat "$WORK/c1.$j")" 'BEGIN {print b - a}')
    eth=$(awk -v a="$(cat "$WORK/d0.$j")" -v b="$d1" 'BEGIN {print b - a}')
    es=$(awk -v a="$(cat "$WORK/s0.$j")" -v b="$s1" 'BEGIN {print b - a}')
    rss=$(awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$p/status")
    pss=$(awk '/^Pss:/ {printf "%.1f", $2 / 1024}' "/proc/$p/smaps_rollup")
    nth=$(ls "/proc/$p/task" | wc -l)
    cpu=$(awk -v a="$(cat "$WORK/t0.$j")" -v b="$t1" -v hz="$HZ" -v w="$el" 'BEGIN {printf "%.3f", (b - a) / hz / w * 100}')
    sent=$(awk -v a="$(cat "$WORK/m0.$j")" -v b="$m1" -v w="$es" 'BEGIN {printf "%.1f", (b - a) / w}')
    top=$(awk -F'\t' -v w="$eth" -v hz="$HZ" 'NR == FNR {a[$1] = $2; next}
      {d = $2 - ($1 in a ? a[$1] : 0); if (d > 0) printf "%.3f\t%s\n", d / hz / w * 100, $3}' "$WORK/th0.$j" "$WORK/th1.$j" \
      | sort -rn | awk -F'\t' 'NR <= 6 {printf "%s%s=%s", (NR > 1 ? ";" : ""), $2, $1}')
    printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$rep" "${NAMES[$j]}" "$cpu" "$rss" "$pss" "$la0" "$la1" "$sent" "$nth" "$top" >>"$RAW"
    printf "round %s %-14s N=%s cpu %6s %%  rss %6s MiB  pss %6s MiB  threads %s  load %s->%s  sent/s %s  [%s]\n" \
      "$rep" "${NAMES[$j]}" "$N" "$cpu" "$rss" "$pss" "$nth" "$la0" "$la1" "$sent" "$top" >&2
  done
  for p in "${PIDS[@]}"; do kill "$p"; wait "$p" 2>/dev/null || true; done; PIDS=()
  kill "$FIXTURE_PID"; wait "$FIXTURE_PID" 2>/dev/null || true; FIXTURE_PID=""
done

mkdir -p "$RESULTS"
OUT="$RESULTS/compare-$(date -u +%Y%m%dT%H%M%SZ)-n$N$([[ $FIXTURE == v1 ]] && echo -v1 || true).tsv"
{
  echo "# compare.sh $N $* fixture=$FIXTURE reps=$REPS warmup=${WARMUP}s window=${WINDOW}s started $STARTED finished $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo -e "round\tvariant\tcpu_pct\trss_mib\tpss_mib\tload1_start\tload1_end\tsent_per_s\tthreads\ttop_threads"
  cat "$RAW"
} >"$OUT"
echo
echo "N=$N fixture=$FIXTURE reps=$REPS warmup=${WARMUP}s window=${WINDOW}s -> $OUT"
for j in $(seq 0 $((NV - 1))); do
  f() { awk -F'\t' -v v="${NAMES[$j]}" -v c="$1" '$2 == v {print $c}' "$RAW" | sort -g \
    | awk '{a[NR] = $1} END {m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%s [%s..%s]", m, a[1], a[NR]}'; }
  printf "%-16s cpu %-22s rss %-22s pss %-22s load %s\n" "${NAMES[$j]}" "$(f 3)" "$(f 4)" "$(f 5)" "$(f 7)"
done
