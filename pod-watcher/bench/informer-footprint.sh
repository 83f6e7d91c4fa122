#!/usr/bin/env bash
# Footprint of a fabric8 pod informer in a JVM with the node agent's flags (node-agent/jvm.options), against
# fabric8's mock API server holding N pods, next to the same JVM idle. Prints CSV; README.md "Why one watcher"
# has the results. Usage: pod-watcher/bench/informer-footprint.sh [settle_s window_s repeats pods...]
# Env: CHURN=<pod updates per second during the window> (default 0), JVM_OPTIONS=<file> (default the agent's).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
mvn -q -B -pl pod-watcher -am install -DskipTests >&2
mvn -q -B -pl pod-watcher test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt >&2
CP="pod-watcher/target/test-classes:pod-watcher/target/classes:$(cat pod-watcher/target/test-classpath.txt)"
ARGS=("$@")
[[ $# -eq 0 ]] && ARGS=(20 60 3 100 1000)
PROBE_CP="pod-watcher/target/test-classes:pod-watcher/target/classes:$(cat pod-watcher/target/classpath.txt)"
exec java -Xmx1g -Dchurn="${CHURN:-0}" -Dprobe.classpath="$PROBE_CP" -Djava.util.logging.config.file=pod-watcher/src/test/resources/logging.properties \
  -cp "$CP" io.fgm.podwatcher.bench.InformerFootprint "${JVM_OPTIONS:-node-agent/jvm.options}" "${ARGS[@]}"
