package io.fgm.query;

import static io.fgm.query.fixture.ClusterFixture.CPU;
import static io.fgm.query.fixture.ClusterFixture.DB;
import static io.fgm.query.fixture.ClusterFixture.END;
import static io.fgm.query.fixture.ClusterFixture.START;
import static io.fgm.query.fixture.ClusterFixture.WEB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.fixture.ClusterFixture;
import io.fgm.query.fixture.FindingFixture;
import io.fgm.query.store.S3StoreFs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tests for reading the store from S3 ({@link io.fgm.query.store.S3StoreFs}): the same fixture store (metrics, noise
 * files, findings) in a local directory and, copied object by object, in a real S3-compatible server (s3proxy on
 * loopback, path-style, signed requests); two servers, one per store, must give the same answers.
 */
class S3StoreITCase {
  static final String BUCKET = "fgm";
  static final String ID = "fgm-test";
  static final String SECRET = "fgm-test-secret";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path local;
  @TempDir static Path blobs;
  static S3Proxy s3proxy;
  static QueryServer onDisk;
  static QueryServer onS3;

  @BeforeAll
  static void start() throws Exception {
    ClusterFixture.write(local);
    FindingFixture.write(local);
    io.fgm.query.fixture.PodFixture.write(local);
    FilesystemNio2BlobStore blobStore = new FilesystemNio2BlobStore(blobs.toString());
    blobStore.createContainer(BUCKET);
    s3proxy = S3Proxy.builder().blobStore(blobStore).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ID, SECRET).build();
    s3proxy.start();
    while (!"STARTED".equals(s3proxy.getState())) {
      Thread.sleep(20);
    }
    URI endpoint = URI.create("http://127.0.0.1:" + s3proxy.getPort());
    try (S3Client s3 = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ID, SECRET))).build();
        Stream<Path> files = Files.walk(local)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String key = "cluster/store/" + local.relativize(f).toString().replace('\\', '/');
        s3.putObject(PutObjectRequest.builder().bucket(BUCKET).key(key).build(), RequestBody.fromFile(f));
      }
      // a directory marker, as Hadoop's S3A writes them: not a file
      s3.putObject(PutObjectRequest.builder().bucket(BUCKET).key("cluster/store/dt=2026-03-02/node=node-a/").build(),
          RequestBody.empty());
    }
    Clock clock = Clock.fixed(Instant.ofEpochMilli(END), ZoneOffset.UTC);
    onDisk = QueryServer.start(QueryConfig.builder().storePath(local).port(0).clock(clock).build());
    onS3 = QueryServer.start(QueryConfig.builder().storeUri("s3://" + BUCKET + "/cluster/store").s3Endpoint(endpoint)
        .s3PathStyle(true).s3Credentials(ID, SECRET).port(0).clock(clock).build());
  }

  @AfterAll
  static void stop() throws Exception {
    for (QueryServer s : new QueryServer[] {onDisk, onS3}) {
      if (s != null) {
        s.close();
      }
    }
    if (s3proxy != null) {
      s3proxy.stop();
    }
  }

  static List<String> queries() {
    String range = "from=" + START + "&to=" + END;
    return List.of(
        "/api/nodes?" + range,
        "/api/metrics?" + range,
        "/api/containers?" + range,
        "/api/containers?from=" + (ClusterFixture.OLD - 3_600_000) + "&to=" + (ClusterFixture.OLD + 86_400_000L),
        "/api/containers?" + range + "&sort=" + CPU + ":max",
        "/api/containers?" + range + "&namespace=prod&qos=burstable",
        // pod labels from the pods tier (pods/dt=…/, read through the same StoreFs)
        "/api/containers?" + range + "&selector="
            + java.net.URLEncoder.encode("app in (postgres,web-old),team", java.nio.charset.StandardCharsets.UTF_8),
        "/api/containers?from=" + (ClusterFixture.OLD - 3_600_000) + "&to=" + (ClusterFixture.OLD + 86_400_000L)
            + "&selector=app%3Dlegacy",
        "/api/timeseries?metric=" + CPU + "&containers=" + WEB.containerId() + "," + DB.containerId() + ",nope&"
            + range,
        "/api/timeseries?metric=" + CPU + "&containers=" + WEB.containerId() + "&" + range + "&points=50",
        "/api/summary?containers=" + WEB.containerId() + "&" + range,
        "/api/findings?" + range,
        "/api/findings?" + range + "&sort=time&kind=changepoint,memory_leak");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void the_s3_store_answers_like_the_local_one(String query) throws Exception {
    JsonNode disk = get(onDisk, query);
    JsonNode s3 = get(onS3, query);
    assertTrue(disk.toString().length() > 100, disk.toString()); // a real answer, not an empty one
    assertEquals(disk, s3);
  }

  @org.junit.jupiter.api.Test
  void ranged_reads_of_a_large_object_give_the_bytes_at_every_position() throws Exception {
    byte[] blob = new byte[3 * S3StoreFs.MIN_FETCH + 12_345]; // larger than a fetch window: refills and direct reads
    new java.util.Random(42).nextBytes(blob);
    URI endpoint = URI.create("http://127.0.0.1:" + s3proxy.getPort());
    try (S3StoreFs fs = S3StoreFs.connect(BUCKET, endpoint, true, "us-east-1", ID, SECRET)) {
      try (S3Client s3 = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ID, SECRET))).build()) {
        s3.putObject(PutObjectRequest.builder().bucket(BUCKET).key("blobs/big.bin").build(), RequestBody.fromBytes(blob));
      }
      var in = fs.open(Path.of("/blobs/big.bin"), blob.length);
      assertEquals(blob.length, in.getLength());
      try (var stream = in.newStream()) {
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 40; i++) {
          int len = i % 5 == 0 ? S3StoreFs.MIN_FETCH + r.nextInt(S3StoreFs.MIN_FETCH) : r.nextInt(70_000);
          int at = r.nextInt(blob.length - len);
          stream.seek(at);
          byte[] got = new byte[len];
          stream.readFully(got);
          assertEquals(at + len, stream.getPos());
          assertTrue(java.util.Arrays.equals(blob, at, at + len, got, 0, len), "bytes at " + at + " +" + len);
        }
        stream.seek(blob.length - 3); // the tail, one byte at a time, then the end
        assertEquals(blob[blob.length - 3] & 0xff, stream.read());
        java.nio.ByteBuffer two = java.nio.ByteBuffer.allocate(8);
        assertEquals(2, stream.read(two));
        assertEquals(-1, stream.read());
        assertThrows(java.io.EOFException.class, () -> stream.readFully(new byte[1]));
      }
      List<S3StoreFs.Entry> listed = fs.list(Path.of("/blobs"));
      assertEquals(List.of(new S3StoreFs.Entry(Path.of("/blobs/big.bin"), false, blob.length,
          listed.get(0).modifiedMs())), listed);
      assertEquals(List.of(), fs.list(Path.of("/no/such/prefix")));
    }
  }

  @org.junit.jupiter.api.Test
  void pod_labels_come_from_the_pods_tier_in_the_bucket() throws Exception {
    String range = "from=" + START + "&to=" + END;
    JsonNode page = get(onS3, "/api/containers?" + range + "&selector=app%3Dpostgres");
    assertEquals(1, page.get("total").asInt(), page.toString());
    assertEquals(DB.containerId(), page.get("containers").get(0).get("container_id").asString());
    JsonNode past = get(onS3, "/api/containers?from=" + (ClusterFixture.OLD - 3_600_000) + "&to="
        + (ClusterFixture.OLD + 86_400_000L) + "&selector=app%3Dlegacy");
    assertEquals(ClusterFixture.OLD_ONE.containerId(), past.get("containers").get(0).get("container_id").asString());
    assertEquals(3, onS3.service().podTier().size()); // the in-progress and corrupt files were not taken
  }

  @org.junit.jupiter.api.Test
  void health_names_the_bucket() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + onS3.port() + "/api/health")).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode h = QueryServer.JSON.readTree(r.body());
    assertEquals("s3://fgm/cluster/store", h.get("store").asString());
    assertEquals("s3://fgm/cluster/store", h.get("raw_tier").asString());
  }

  static JsonNode get(QueryServer server, String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + " -> " + r.body());
    JsonNode json = QueryServer.JSON.readTree(r.body());
    if (json instanceof ObjectNode o) {
      o.remove("store"); // health: the one field that must differ
      o.remove("raw_tier");
    }
    return json;
  }
}
