package io.fgm.flink.findings;

import static io.fgm.flink.findings.FindingsDriver.sample;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The findings state and messages are Flink POJOs (no Kryo fallback) and survive a checkpoint round trip. */
class FindingsStateTypeTest {

  @Test
  void the_findings_state_and_the_container_start_are_pojos() {
    assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(ContainerFindingsState.class));
    assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(ContainerStart.class));
  }

  @Test
  void the_findings_state_round_trips_through_its_serializer() throws Exception {
    FindingsDriver d = new FindingsDriver(FindingsSettings.defaults().withWindow(Duration.ofSeconds(60),
        Duration.ofSeconds(30)).withPeriodicity(Duration.ofSeconds(20), 0.5));
    for (int s = 0; s < 45; s++) {
      d.feed(sample(1_772_000_000_000L + s * 1000L,
          Map.of("cpu.usage_millicores", 100.0 + s, "cpu.throttled_ratio", 0.5, "memory.events.oom_kill", 0.0)));
    }
    TypeSerializer<ContainerFindingsState> ser =
        TypeInformation.of(ContainerFindingsState.class).createSerializer(new SerializerConfigImpl());
    DataOutputSerializer out = new DataOutputSerializer(4096);
    ser.serialize(d.state, out);
    ContainerFindingsState back = ser.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    for (StudiedSeries series : StudiedSeries.all()) {
      assertArrayEquals(d.state.window.series(series, d.state.lastSampleMs + 1000),
          back.window.series(series, d.state.lastSampleMs + 1000));
    }
    assertEquals(d.state.window.latestSecond, back.window.latestSecond);
    assertEquals(null, back.window.values[StudiedSeries.PSI_IO.ordinal()], "no ring for a series never seen");
    assertEquals(d.state.throttling.startMs, back.throttling.startMs);
    assertEquals(d.state.lastSampleMs, back.lastSampleMs);
    assertEquals(d.state.podName, back.podName);
    assertArrayEquals(d.state.lastChangeMs, back.lastChangeMs);
  }
}
