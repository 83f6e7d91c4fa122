package io.fgm.agent;

import java.io.ObjectInputStream;
import java.util.Set;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerDelegate;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectInstance;
import javax.management.ObjectName;
import javax.management.OperationsException;
import javax.management.QueryExp;
import javax.management.loading.ClassLoaderRepository;

/**
 * A platform MBean server that holds nothing, chosen with
 * {@code -Djavax.management.builder.initial=io.fgm.agent.NoJmxMBeanServerBuilder} (jvm.options).
 *
 * <p>Why: the Kafka producer registers an {@code app-info} MBean through
 * {@code ManagementFactory.getPlatformMBeanServer()} (kafka-clients' {@code AppInfoParser}, unconditional), which
 * creates the JDK's MBean server and wraps every platform MXBean in an introspected {@code StandardMBean}: classes
 * and memory the agent never uses (nobody reads it over JMX; its figures are on {@code /metrics}). With this
 * builder the platform MXBeans count as already registered (so the JDK skips wrapping them), other registrations
 * are accepted and forgotten, and every lookup finds nothing. {@code java.lang.management.ManagementFactory}'s
 * getters (the agent's own CPU time) work as before: they do not go through the server. What is lost: a JMX
 * console attached to the agent sees no MBeans; drop the flag to get them back. Measured in README "Footprint".
 */
public final class NoJmxMBeanServerBuilder extends MBeanServerBuilder {
  @Override
  public MBeanServer newMBeanServer(String defaultDomain, MBeanServer outer, MBeanServerDelegate delegate) {
    return new Empty(defaultDomain == null ? "DefaultDomain" : defaultDomain);
  }

  /** The JDK's own MXBeans: reported as registered so that ManagementFactory does not introspect them. */
  static boolean isPlatformName(ObjectName name) {
    String d = name.getDomain();
    return d.startsWith("java.") || d.startsWith("jdk.") || d.equals("com.sun.management");
  }

  static final class Empty implements MBeanServer {
    private final String defaultDomain;

    Empty(String defaultDomain) {
      this.defaultDomain = defaultDomain;
    }

    private static UnsupportedOperationException off() {
      return new UnsupportedOperationException("MBeans are off (NoJmxMBeanServerBuilder)");
    }

    private static InstanceNotFoundException none(ObjectName name) {
      return new InstanceNotFoundException(name + " (MBeans are off: NoJmxMBeanServerBuilder)");
    }

    @Override
    public ObjectInstance registerMBean(Object object, ObjectName name) {
      return new ObjectInstance(name, object.getClass().getName());
    }

    @Override
    public void unregisterMBean(ObjectName name) {
      // nothing was kept
    }

    @Override
    public boolean isRegistered(ObjectName name) {
      return isPlatformName(name);
    }

    @Override
    public ObjectInstance createMBean(String className, ObjectName name) {
      throw off();
    }

    @Override
    public ObjectInstance createMBean(String className, ObjectName name, ObjectName loaderName) {
      throw off();
    }

    @Override
    public ObjectInstance createMBean(String className, ObjectName name, Object[] params, String[] signature) {
      throw off();
    }

    @Override
    public ObjectInstance createMBean(
        String className, ObjectName name, ObjectName loaderName, Object[] params, String[] signature) {
      throw off();
    }

    @Override
    public ObjectInstance getObjectInstance(ObjectName name) throws InstanceNotFoundException {
      throw none(name);
    }

    @Override
    public Set<ObjectInstance> queryMBeans(ObjectName name, QueryExp query) {
      return Set.of();
    }

    @Override
    public Set<ObjectName> queryNames(ObjectName name, QueryExp query) {
      return Set.of();
    }

    @Override
    public Integer getMBeanCount() {
      return 0;
    }

    @Override
    public Object getAttribute(ObjectName name, String attribute) throws InstanceNotFoundException {
      throw none(name);
    }

    @Override
    public AttributeList getAttributes(ObjectName name, String[] attributes) throws InstanceNotFoundException {
      throw none(name);
    }

    @Override
    public void setAttribute(ObjectName name, Attribute attribute) throws InstanceNotFoundException {
      throw none(name);
    }

    @Override
    public AttributeList setAttributes(ObjectName name, AttributeList attributes) throws InstanceNotFoundException {
      throw none(name);
    }

    @Override
    public Object invoke(ObjectName name, String operationName, Object[] params, String[] signature)
        throws InstanceNotFoundException {
      throw none(name);
    }

    @Override
    public String getDefaultDomain() {
      return defaultDomain;
    }

    @Override
    public String[] getDomains() {
      return new String[0];
    }

    @Override
    public void addNotificationListener(
        ObjectName name, NotificationListener listener, NotificationFilter filter, Object handback)
        throws InstanceNotFoundException {
      throw none(name);
    }

    @Override
    public void addNotificationListener(
        ObjectName name, ObjectName listener, NotificationFilter filter, Object handback)
        throws InstanceNotFoundException {
      throw none(name);
    }

    @Override
    public void removeNotificationListener(ObjectName name, ObjectName listener) throws InstanceNotFoundException {
      throw none(name);
    }

    @Override
    public void removeNotificationListener(
        ObjectName name, ObjectName listener, NotificationFilter filter, Object handback)
        throws InstanceNotFoundException {
      throw none(name);
    }

    @Override
    public void removeNotificationListener(ObjectName name, NotificationListener listener)
        throws InstanceNotFoundException {
      throw none(name);
    }

    @Override
    public void removeNotificationListener(
        ObjectName name, NotificationListener listener, NotificationFilter filter, Object handback)
        throws InstanceNotFoundException {
      throw none(name);
    }

    @Override
    public MBeanInfo getMBeanInfo(ObjectName name) throws InstanceNotFoundException {
      throw none(name);
    }

    @Override
    public boolean isInstanceOf(ObjectName name, String className) throws InstanceNotFoundException {
      throw none(name);
    }

    @Override
    public Object instantiate(String className) {
      throw off();
    }

    @Override
    public Object instantiate(String className, ObjectName loaderName) {
      throw off();
    }

    @Override
    public Object instantiate(String className, Object[] params, String[] signature) {
      throw off();
    }

    @Override
    public Object instantiate(String className, ObjectName loaderName, Object[] params, String[] signature) {
      throw off();
    }

    @Override
    @Deprecated
    public ObjectInputStream deserialize(ObjectName name, byte[] data) throws OperationsException {
      throw new OperationsException("MBeans are off (NoJmxMBeanServerBuilder)");
    }

    @Override
    @Deprecated
    public ObjectInputStream deserialize(String className, byte[] data) throws OperationsException {
      throw new OperationsException("MBeans are off (NoJmxMBeanServerBuilder)");
    }

    @Override
    @Deprecated
    public ObjectInputStream deserialize(String className, ObjectName loaderName, byte[] data)
        throws OperationsException {
      throw new OperationsException("MBeans are off (NoJmxMBeanServerBuilder)");
    }

    @Override
    public ClassLoader getClassLoaderFor(ObjectName mbeanName) throws InstanceNotFoundException {
      throw none(mbeanName);
    }

    @Override
    public ClassLoader getClassLoader(ObjectName loaderName) throws InstanceNotFoundException {
      throw none(loaderName);
    }

    @Override
    public ClassLoaderRepository getClassLoaderRepository() {
      return null;
    }
  }
}
