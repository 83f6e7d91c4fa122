# The node agent (1 Hz cgroup sampler) image: io.fgm node-agent on a JRE, as a non-root user.
# Build from the repository root (the build stage compiles the Maven modules it needs):
#   docker build -f deploy/docker/node-agent.Dockerfile -t fgm/node-agent:0.1.0-SNAPSHOT .
# BuildKit (the default builder since Docker 23) is required for the cache mount and COPY --chmod.
# The image's user is unprivileged: enough for cgroup metrics (cgroup files are world-readable). Reading PSS from
# other users' /proc/<pid>/smaps_rollup needs uid 0 plus CAP_SYS_PTRACE, which the DaemonSet grants explicitly
# (deploy/README.md, "Least privilege").

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# -am builds the modules node-agent needs; its package phase unpacks its runtime dependencies (the sibling modules'
# from the reactor) into target/runtime-classes: the agent runs from classes, not jars, because an open jar keeps
# its central directory on the heap (node-agent/README.md, "Sixth round"). Tests run in CI (.ci/run), not in the
# image build. The Maven repository is a cache mount, so a rebuild after a source change downloads nothing.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl node-agent -am -Dmaven.test.skip=true package \
 && mkdir -p /out/classes \
 && cp -r node-agent/target/runtime-classes/. node-agent/target/classes/. /out/classes/ \
 && if [ -f node-agent/jvm.options ]; then cp node-agent/jvm.options /out/jvm.options; fi

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 fgm \
 && useradd --system --uid 10001 --gid fgm --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin fgm
COPY --from=build /out/ /opt/fgm/
COPY --chmod=0755 deploy/docker/fgm-java-entrypoint.sh /usr/local/bin/fgm-java-entrypoint
# In a container the service must listen on every interface (probes and Services reach it on the pod IP);
# the default outside containers is loopback.
ENV FGM_MAIN_CLASS=io.fgm.agent.AgentCli \
    FGM_CLASSPATH=/opt/fgm/classes \
    FGM_HTTP_HOST=0.0.0.0
EXPOSE 9100
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/fgm-java-entrypoint"]
CMD ["run"]
