package io.fgm.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** Tests for the empty server of {@link NoJmxMBeanServerBuilder}. */
class NoJmxMBeanServerBuilderTest {
  private final MBeanServer s = new NoJmxMBeanServerBuilder().newMBeanServer(null, null, null);

  @Test
  void registrationsAreAcceptedAndForgotten() throws Exception {
    ObjectName kafka = new ObjectName("kafka.producer:type=app-info,id=fgm-agent");
    assertEquals(kafka, s.registerMBean(new Object(), kafka).getObjectName());
    assertFalse(s.isRegistered(kafka), "not kept: unregistering at close is skipped");
    assertEquals(0, s.getMBeanCount());
    assertTrue(s.queryNames(null, null).isEmpty());
    assertThrows(InstanceNotFoundException.class, () -> s.getAttribute(kafka, "version"));
    s.unregisterMBean(kafka);
  }

  @Test
  void theJdksOwnBeansCountAsPresentSoThatTheJdkDoesNotIntrospectThem() throws Exception {
    for (String name : new String[] {"java.lang:type=Memory", "java.nio:type=BufferPool,name=direct",
        "java.util.logging:type=Logging", "com.sun.management:type=HotSpotDiagnostic",
        "jdk.management.jfr:type=FlightRecorder"}) {
      assertTrue(s.isRegistered(new ObjectName(name)), name);
    }
    assertFalse(s.isRegistered(new ObjectName("javax.x:type=y")));
  }

  @Test
  void theDefaultDomainIsTheGivenOneOrTheJdks() {
    assertEquals("DefaultDomain", s.getDefaultDomain());
    assertEquals("d", new NoJmxMBeanServerBuilder().newMBeanServer("d", null, null).getDefaultDomain());
  }
}
