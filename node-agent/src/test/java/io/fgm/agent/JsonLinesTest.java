package io.fgm.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.QosClass;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link JsonLines}. */
class JsonLinesTest {
  @Test
  void a_sample_is_one_line_of_json_with_escaped_strings() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("cpu.usage_us", 1234.0);
    m.put("psi.cpu.some_avg10", 0.37);
    ContainerSample s = new ContainerSample(1000, "n\"1", ContainerRef.of("sys/a\\b\n", null, QosClass.NONE,
        "/sys/a\\b\n"), m);
    assertEquals("{\"timestamp_ms\":1000,\"node\":\"n\\\"1\",\"container_id\":\"sys/a\\\\b\\n\",\"pod_uid\":null,"
        + "\"qos\":\"None\",\"path\":\"/sys/a\\\\b\\n\",\"sandbox\":false,"
        + "\"metrics\":{\"cpu.usage_us\":1234,\"psi.cpu.some_avg10\":0.37}}", JsonLines.toJson(s));
  }

  @Test
  void control_characters_are_unicode_escaped() {
    StringBuilder b = new StringBuilder();
    JsonLines.string(b, "a\u0001b");
    assertEquals("\"a\\u0001b\"", b.toString());
  }
}
