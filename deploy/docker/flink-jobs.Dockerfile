# The Flink job image: the official Flink image with the fgm ingest job in /opt/flink/usrlib. Used for the
# JobManager and the TaskManagers alike (the FlinkDeployment in deploy/base and docker-compose.yml).
# Build from the repository root:
#   docker build -f deploy/docker/flink-jobs.Dockerfile -t fgm/flink-jobs:0.1.0-SNAPSHOT .
# BuildKit (the default builder since Docker 23) is required for the cache mount.
#
# Layout: /opt/flink/usrlib/fgm-flink-jobs.jar is the job jar (jarURI local:///opt/flink/usrlib/fgm-flink-jobs.jar);
# its dependencies lie beside it. Flink puts every jar under usrlib on the job's user classpath (application mode,
# native Kubernetes and standalone-job alike), so no fat jar is needed. Jars that flink-dist already ships are left
# out: Flink loads org.apache.flink.*, logging and Kryo parent-first, so copies in usrlib would only add weight.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl flink-jobs -am -Dmaven.test.skip=true package dependency:copy-dependencies -DincludeScope=runtime \
 && mkdir -p /out/usrlib \
 && cp flink-jobs/target/dependency/*.jar /out/usrlib/ \
 && jar="$(find flink-jobs/target -maxdepth 1 -name 'fgm-flink-jobs-*.jar' ! -name '*-sources.jar' ! -name '*-tests.jar' | head -n 1)" \
 && cp "$jar" /out/usrlib/fgm-flink-jobs.jar \
 && cd /out/usrlib \
 && rm -f flink-core-*.jar flink-runtime-[0-9]*.jar flink-streaming-java-*.jar flink-clients-*.jar flink-rpc-*.jar \
          flink-annotations-*.jar flink-metrics-core-*.jar flink-shaded-*.jar flink-runtime-web-*.jar \
          flink-datastream-*.jar flink-java-*.jar log4j-*.jar slf4j-*.jar

FROM flink:2.2.0-java17
COPY --from=build --chown=flink:flink /out/usrlib/ /opt/flink/usrlib/
# The image's entry point starts as root only to drop to this user; start as it directly.
USER flink
