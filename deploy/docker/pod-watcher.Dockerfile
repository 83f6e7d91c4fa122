# The pod watcher (one per cluster: pod metadata from the API server to the compacted topic fgm.pods) image:
# io.fgm pod-watcher on a JRE, as a non-root user.
# Build from the repository root (the build stage compiles the Maven modules it needs):
#   docker build -f deploy/docker/pod-watcher.Dockerfile -t fgm/pod-watcher:0.1.0-SNAPSHOT .
# BuildKit (the default builder since Docker 23) is required for the cache mount and COPY --chmod.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# -am builds the modules pod-watcher needs; copy-dependencies in the same reactor run takes the sibling modules' jars from
# the reactor. Tests run in CI (.ci/run), not in the image build. The Maven repository is a cache mount, so a
# rebuild after a source change downloads nothing.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl pod-watcher -am -Dmaven.test.skip=true package dependency:copy-dependencies -DincludeScope=runtime \
 && mkdir -p /out/lib \
 && cp pod-watcher/target/dependency/*.jar /out/lib/ \
 && find pod-watcher/target -maxdepth 1 -name 'fgm-pod-watcher-*.jar' ! -name '*-sources.jar' ! -name '*-tests.jar' -exec cp {} /out/lib/ \; \
 && if [ -f pod-watcher/jvm.options ]; then cp pod-watcher/jvm.options /out/jvm.options; fi

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 fgm \
 && useradd --system --uid 10001 --gid fgm --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin fgm
COPY --from=build /out/ /opt/fgm/
COPY --chmod=0755 deploy/docker/fgm-java-entrypoint.sh /usr/local/bin/fgm-java-entrypoint
# In a container the endpoints must listen on every interface (probes and scrapes reach them on the pod IP);
# the default outside containers is loopback.
ENV FGM_MAIN_CLASS=io.fgm.podwatcher.PodWatcherMain \
    FGM_HTTP_HOST=0.0.0.0
EXPOSE 9101
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/fgm-java-entrypoint"]
