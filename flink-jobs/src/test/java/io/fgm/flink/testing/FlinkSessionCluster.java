package io.fgm.flink.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real standalone Flink session cluster for tests: a JobManager ({@code StandaloneSessionClusterEntrypoint}) and
 * one TaskManager ({@code TaskManagerRunner}) in two child JVMs, started the way {@code bin/jobmanager.sh} and
 * {@code bin/taskmanager.sh} of a distribution start them (same main classes, {@code --configDir}, the JVM options
 * of {@link FlinkLib}), on Flink's Maven modules ({@link FlinkLib#classpath()}). Everything binds to 127.0.0.1 on
 * free ports; the config, logs and temp files are in the given directory. {@link #close()} stops both JVMs
 * (SIGTERM, then SIGKILL after 20 s) and also runs from a shutdown hook, so no JVM outlives the test run.
 */
public final class FlinkSessionCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;
  private final int restPort;
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Thread shutdownHook = new Thread(this::stopProcesses, "flink-session-cluster-stop");

  private FlinkSessionCluster(Path dir, int restPort) {
    this.dir = dir;
    this.restPort = restPort;
  }

  /**
   * Starts the JobManager, then the TaskManager, and returns once the REST API reports the TaskManager with
   * {@code slots} free slots. On failure both JVMs are stopped and the logs are in the exception message.
   */
  public static FlinkSessionCluster start(Path dir, int slots, Duration timeout) throws IOException {
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    int rpcPort = freePort();
    int restPort = freePort();
    Files.writeString(conf.resolve("config.yaml"), String.join("\n",
        "jobmanager.rpc.address: 127.0.0.1",
        "jobmanager.rpc.port: " + rpcPort,
        "jobmanager.bind-host: 127.0.0.1",
        "jobmanager.memory.process.size: 1024m",
        "rest.address: 127.0.0.1",
        "rest.bind-address: 127.0.0.1",
        "rest.port: " + restPort,
        "taskmanager.host: 127.0.0.1",
        "taskmanager.bind-host: 127.0.0.1",
        "taskmanager.numberOfTaskSlots: " + slots,
        "taskmanager.memory.process.size: 1024m",
        "taskmanager.memory.managed.fraction: 0.05",
        "io.tmp.dirs: " + tmp,
        "web.tmpdir: " + tmp.resolve("web"),
        "blob.storage.directory: " + tmp.resolve("blobs"),
        "heartbeat.timeout: 20000",
        ""));
    Files.writeString(conf.resolve("log4j.properties"), String.join("\n",
        "rootLogger.level = INFO",
        "rootLogger.appenderRef.file.ref = MainAppender",
        "appender.main.name = MainAppender",
        "appender.main.type = File",
        "appender.main.fileName = ${sys:log.file}",
        "appender.main.layout.type = PatternLayout",
        "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-50c{1.} - %m%n",
        "logger.metrics.name = org.apache.flink.metrics.MetricGroup",
        "logger.metrics.level = ERROR",
        "logger.kafka.name = org.apache.kafka",
        "logger.kafka.level = WARN",
        ""));
    FlinkSessionCluster cluster = new FlinkSessionCluster(dir, restPort);
    Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      cluster.startJvm("jobmanager", "GET_JM_RESOURCE_PARAMS",
          "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
      cluster.startJvm("taskmanager", "GET_TM_RESOURCE_PARAMS",
          "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
      while (true) {
        cluster.checkAlive();
        JsonNode overview = cluster.tryGet("/overview");
        if (overview != null && overview.path("taskmanagers").asInt() >= 1
            && overview.path("slots-available").asInt() >= slots) {
          return cluster;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Flink session cluster not ready after " + timeout + ": " + overview);
        }
        Thread.sleep(250);
      }
    } catch (Exception | Error e) {
      String logs = cluster.logTails();
      cluster.close();
      throw new IllegalStateException("could not start the Flink session cluster: " + e + "\n" + logs, e);
    }
  }

  /**
   * Starts a JobManager or TaskManager JVM as {@code bin/jobmanager.sh} / {@code bin/taskmanager.sh} do: Flink's
   * {@code BashJavaUtils} derives the JVM's memory options and the dynamic properties (memory sizes, CPU cores)
   * from the config, and both are passed on.
   */
  private void startJvm(String name, String resourceCommand, String mainClass) throws IOException,
      InterruptedException {
    List<String> resources = bashJavaUtils(resourceCommand);
    List<String> cmd = new ArrayList<>(List.of(FlinkLib.java()));
    cmd.addAll(List.of(resources.get(0).trim().split("\\s+")));
    cmd.addAll(List.of("-XX:+UseSerialGC", "-Dlog.file=" + dir.resolve(name + ".log"),
        "-Dlog4j.configurationFile=" + dir.resolve("conf/log4j.properties").toUri()));
    cmd.addAll(FlinkLib.JVM_OPTS);
    cmd.addAll(List.of("-cp", FlinkLib.classpath(), mainClass, "--configDir", dir.resolve("conf").toString()));
    if (resources.size() > 1 && !resources.get(1).isBlank()) {
      cmd.addAll(List.of(resources.get(1).trim().split("\\s+")));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".out").toFile());
    pb.environment().put("FLINK_CONF_DIR", dir.resolve("conf").toString());
    synchronized (processes) {
      processes.add(pb.start());
    }
  }

  /** Runs {@code BashJavaUtils <command>} and returns its result lines (JVM options, then dynamic properties). */
  private List<String> bashJavaUtils(String command) throws IOException, InterruptedException {
    Path out = dir.resolve(command + ".txt");
    Process p = new ProcessBuilder(FlinkLib.java(), "-Xmx128m", "-cp", FlinkLib.classpath(),
        "org.apache.flink.runtime.util.bash.BashJavaUtils", command, "--configDir", dir.resolve("conf").toString())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("BashJavaUtils " + command + " did not finish");
    }
    String prefix = "BASH_JAVA_UTILS_EXEC_RESULT:";
    List<String> result = Files.readAllLines(out).stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .toList();
    if (p.exitValue() != 0 || result.isEmpty()) {
      throw new IllegalStateException("BashJavaUtils " + command + " failed:\n" + Files.readString(out));
    }
    return result;
  }

  private void checkAlive() {
    synchronized (processes) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a Flink JVM exited with " + p.exitValue());
        }
      }
    }
  }

  /** {@code 127.0.0.1:<rest port>}, what {@code flink run -m} takes. */
  public String restAddress() {
    return "127.0.0.1:" + restPort;
  }

  /** The config directory, for {@code FLINK_CONF_DIR} of a client. */
  public Path confDir() {
    return dir.resolve("conf");
  }

  /** GET of a REST API path ({@code /jobs/overview}), parsed. */
  public JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create("http://" + restAddress() + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  private JsonNode tryGet(String path) throws InterruptedException {
    try {
      return get(path);
    } catch (IOException e) {
      return null;
    }
  }

  /** The JobManager's and TaskManager's processes (to check that none is left after {@link #close()}). */
  public List<ProcessHandle> processes() {
    synchronized (processes) {
      return processes.stream().map(Process::toHandle).toList();
    }
  }

  /** The last lines of both JVMs' logs and outputs, for failure messages. */
  public String logTails() {
    StringBuilder sb = new StringBuilder();
    for (String f : List.of("jobmanager.out", "jobmanager.log", "taskmanager.out", "taskmanager.log")) {
      Path p = dir.resolve(f);
      try {
        if (Files.exists(p)) {
          String s = Files.readString(p, StandardCharsets.UTF_8);
          sb.append("---- ").append(f).append('\n').append(s.length() > 4000 ? s.substring(s.length() - 4000) : s);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    stopProcesses();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run
    }
  }

  private void stopProcesses() {
    List<Process> all;
    synchronized (processes) {
      all = new ArrayList<>(processes);
    }
    // TaskManager first (it is last in the list), as stop-cluster.sh does.
    for (int i = all.size() - 1; i >= 0; i--) {
      all.get(i).destroy();
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      Process p = all.get(i);
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
