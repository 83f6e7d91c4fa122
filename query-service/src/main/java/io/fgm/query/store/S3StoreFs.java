package io.fgm.query.store;

import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A store in an S3-compatible bucket (AWS, MinIO, s3proxy), read with the AWS SDK v2: directories are key prefixes
 * listed with the delimiter {@code /} (so listing a partition is one LIST request, pruning by day and node happens on
 * the prefixes), and Parquet files are read with ranged GETs ({@link RangedInputFile}): the footer, then only the
 * column chunks of the projected columns and the row groups not ruled out.
 *
 * <p>Locations are virtual paths {@code /<key>}: {@code s3://bucket/store/raw/dt=…} is {@code /store/raw/dt=…}.
 * Objects whose key ends in {@code /} (directory markers some writers create) are not files.
 */
public final class S3StoreFs implements StoreFs, AutoCloseable {
  /** Bytes fetched at least per GET: Parquet reads the footer in small pieces, and a GET costs a round trip. */
  public static final int MIN_FETCH = 1 << 20;

  private final S3Client s3;
  private final String bucket;

  public S3StoreFs(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  /**
   * A client for {@code endpoint} (null: AWS's default, or {@code AWS_ENDPOINT_URL_S3} through the SDK's own
   * configuration), with static credentials when given, else the SDK's default chain ({@code AWS_ACCESS_KEY_ID} /
   * {@code AWS_SECRET_ACCESS_KEY}, profiles, web identity...).
   */
  public static S3StoreFs connect(String bucket, URI endpoint, boolean pathStyle, String region, String accessKey,
      String secretKey) {
    S3ClientBuilder b = S3Client.builder().forcePathStyle(pathStyle).region(Region.of(region));
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
    if (accessKey != null && secretKey != null) {
      b.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
    } else {
      b.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return new S3StoreFs(b.build(), bucket);
  }

  /** The object key of a virtual path ({@code /a/b} → {@code a/b}). */
  static String key(Path path) {
    String s = path.normalize().toString().replace('\\', '/');
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    return s;
  }

  @Override
  public List<Entry> list(Path dir) {
    String prefix = key(dir);
    prefix = prefix.isEmpty() ? "" : prefix + "/";
    List<Entry> out = new ArrayList<>();
    String token = null;
    try {
      do {
        ListObjectsV2Response r = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
            .delimiter("/").continuationToken(token).build());
        for (CommonPrefix p : r.commonPrefixes()) {
          String name = p.prefix().substring(prefix.length(), p.prefix().length() - 1);
          if (!name.isEmpty()) {
            out.add(new Entry(dir.resolve(name), true, 0, 0));
          }
        }
        for (S3Object o : r.contents()) {
          String name = o.key().substring(prefix.length());
          if (!name.isEmpty() && !name.endsWith("/")) {
            out.add(new Entry(dir.resolve(name), false, o.size(), o.lastModified().toEpochMilli()));
          }
        }
        token = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
      } while (token != null);
    } catch (NoSuchBucketException e) {
      return List.of(); // not created yet: an empty store
    }
    return out;
  }

  @Override
  public boolean isDirectory(Path dir) {
    String prefix = key(dir) + "/";
    try {
      return s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).maxKeys(1).build())
          .keyCount() > 0;
    } catch (NoSuchBucketException e) {
      return false;
    }
  }

  @Override
  public InputFile open(Path file, long size) {
    return new RangedInputFile(key(file), size);
  }

  @Override
  public String describe(Path path) {
    return "s3://" + bucket + "/" + key(path);
  }

  @Override
  public void close() {
    s3.close();
  }

  /** Bytes {@code [from, to)} of an object. */
  byte[] get(String key, long from, long to) throws IOException {
    try {
      ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key)
          .range("bytes=" + from + "-" + (to - 1)).build());
      byte[] bytes = r.asByteArray();
      if (bytes.length != to - from) {
        throw new EOFException("s3://" + bucket + "/" + key + ": asked bytes " + from + "-" + (to - 1) + ", got "
            + bytes.length);
      }
      return bytes;
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      throw new IOException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    }
  }

  /** An object as Parquet's {@link InputFile}: ranged GETs, at least {@link #MIN_FETCH} bytes each. */
  final class RangedInputFile implements InputFile {
    private final String key;
    private final long length;

    RangedInputFile(String key, long length) {
      this.key = key;
      this.length = length;
    }

    @Override
    public long getLength() {
      return length;
    }

    @Override
    public SeekableInputStream newStream() {
      return new RangedStream();
    }

    @Override
    public String toString() {
      return "s3://" + bucket + "/" + key;
    }

    /** A seekable stream over one buffered window of the object, refilled by a GET when a read leaves it. */
    private final class RangedStream extends SeekableInputStream {
      private long pos;
      private long windowStart;
      private byte[] window = new byte[0];

      @Override
      public long getPos() {
        return pos;
      }

      @Override
      public void seek(long newPos) throws IOException {
        if (newPos < 0 || newPos > length) {
          throw new EOFException("seek to " + newPos + " outside 0.." + length + " of " + key);
        }
        pos = newPos;
      }

      @Override
      public int read() throws IOException {
        if (pos >= length) {
          return -1;
        }
        ensure(1);
        return window[(int) (pos++ - windowStart)] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        if (pos >= length) {
          return -1;
        }
        int n = (int) Math.min(len, length - pos);
        readFully(b, off, n);
        return n;
      }

      @Override
      public void readFully(byte[] bytes) throws IOException {
        readFully(bytes, 0, bytes.length);
      }

      @Override
      public void readFully(byte[] bytes, int start, int len) throws IOException {
        if (pos + len > length) {
          throw new EOFException("read of " + len + " bytes at " + pos + " past the end (" + length + ") of " + key);
        }
        if (len > MIN_FETCH && !inWindow(pos, len)) { // a large column chunk: straight into the caller's array
          System.arraycopy(get(key, pos, pos + len), 0, bytes, start, len);
        } else {
          ensure(len);
          System.arraycopy(window, (int) (pos - windowStart), bytes, start, len);
        }
        pos += len;
      }

      @Override
      public int read(ByteBuffer buf) throws IOException {
        if (!buf.hasRemaining()) {
          return 0;
        }
        if (pos >= length) {
          return -1;
        }
        int n = (int) Math.min(buf.remaining(), length - pos);
        byte[] tmp = new byte[n];
        readFully(tmp, 0, n);
        buf.put(tmp);
        return n;
      }

      @Override
      public void readFully(ByteBuffer buf) throws IOException {
        int n = buf.remaining();
        byte[] tmp = new byte[n];
        readFully(tmp, 0, n);
        buf.put(tmp);
      }

      private boolean inWindow(long at, int len) {
        return at >= windowStart && at + len <= windowStart + window.length;
      }

      /** Makes {@code [pos, pos + len)} available in the window. */
      private void ensure(int len) throws IOException {
        if (inWindow(pos, len)) {
          return;
        }
        long end = Math.min(length, pos + Math.max(len, MIN_FETCH));
        window = get(key, pos, end);
        windowStart = pos;
      }
    }
  }
}
