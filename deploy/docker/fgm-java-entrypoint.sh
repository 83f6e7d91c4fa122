#!/bin/sh
# Starts one fgm component inside its image: java with the JVM options of the component's module (jvm.options,
# one option per line, '#' starts a comment; the same file ./fgm reads, so the flags and the reasons for them live
# in one place), then $JAVA_OPTS from the deployment (later flags win), then the main class and the arguments.
# exec: java becomes PID 1 and receives SIGTERM directly, so the component's shutdown hooks run on pod stop.
set -eu

: "${FGM_MAIN_CLASS:?FGM_MAIN_CLASS must name the main class}"

module_opts=""
if [ -f /opt/fgm/jvm.options ]; then
  module_opts=$(sed -e 's/#.*$//' /opt/fgm/jvm.options | tr '\n' ' ')
fi

# Word splitting of the option lists is intended: each is a space-separated list of JVM flags.
# shellcheck disable=SC2086
# The classpath is the image's jars unless the image names another one (the agent's runs from unpacked classes).
exec java -XX:+ExitOnOutOfMemoryError $module_opts ${JAVA_OPTS:-} -cp "${FGM_CLASSPATH:-/opt/fgm/lib/*}" "$FGM_MAIN_CLASS" "$@"
