# The Flink job image: the official Flink image with the fgm ingest job in /opt/flink/usrlib. Used for the
# JobManager and the TaskManagers alike (the FlinkDeployment in deploy/base and docker-compose.yml).
# Build from the repository root:
#   docker build -f deploy/docker/flink-jobs.Dockerfile -t fgm/flink-jobs:0.1.0-SNAPSHOT .
# BuildKit (the default builder since Docker 23) is required for the cache mount.
#
# Layout: /opt/flink/usrlib/fgm-flink-jobs.jar is the shaded job jar (classifier `job`, jarURI
# local:///opt/flink/usrlib/fgm-flink-jobs.jar) — the same jar `flink run` takes and JobJarITCase submits through
# Flink's own CliFrontend. It carries the Kafka connector, Parquet, Avro, the Hadoop client, schema and studies, and
# leaves out what flink-dist already ships (Flink itself, logging).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl flink-jobs -am -Dmaven.test.skip=true package \
 && mkdir -p /out/usrlib \
 && cp flink-jobs/target/fgm-flink-jobs-*-job.jar /out/usrlib/fgm-flink-jobs.jar

FROM flink:2.2.0-java17
COPY --from=build --chown=flink:flink /out/usrlib/ /opt/flink/usrlib/
# The image's entry point starts as root only to drop to this user; start as it directly.
USER flink
