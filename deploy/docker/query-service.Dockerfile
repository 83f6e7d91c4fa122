# The query service (cluster-wide HTTP API and web viewer) image: io.fgm query-service on a JRE, as a non-root user.
# Build from the repository root (the build stage compiles the Maven modules it needs):
#   docker build -f deploy/docker/query-service.Dockerfile -t fgm/query-service:0.1.0-SNAPSHOT .
# BuildKit (the default builder since Docker 23) is required for the cache mount and COPY --chmod.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# -am builds the modules query-service needs; copy-dependencies in the same reactor run takes the sibling modules' jars from
# the reactor. Tests run in CI (.ci/run), not in the image build. The Maven repository is a cache mount, so a
# rebuild after a source change downloads nothing.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl query-service -am -Dmaven.test.skip=true package dependency:copy-dependencies -DincludeScope=runtime \
 && mkdir -p /out/lib \
 && cp query-service/target/dependency/*.jar /out/lib/ \
 && find query-service/target -maxdepth 1 -name 'fgm-query-service-*.jar' ! -name '*-sources.jar' ! -name '*-tests.jar' -exec cp {} /out/lib/ \; \
 && if [ -f query-service/jvm.options ]; then cp query-service/jvm.options /out/jvm.options; fi

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 fgm \
 && useradd --system --uid 10001 --gid fgm --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin fgm
COPY --from=build /out/ /opt/fgm/
COPY --chmod=0755 deploy/docker/fgm-java-entrypoint.sh /usr/local/bin/fgm-java-entrypoint
# In a container the service must listen on every interface (probes and Services reach it on the pod IP);
# the default outside containers is loopback.
ENV FGM_MAIN_CLASS=io.fgm.query.QueryServiceMain \
    FGM_HTTP_HOST=0.0.0.0
EXPOSE 8050
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/fgm-java-entrypoint"]
