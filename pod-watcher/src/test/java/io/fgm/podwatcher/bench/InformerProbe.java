package io.fgm.podwatcher.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.concurrent.TimeUnit;

/**
 * The process {@link InformerFootprint} measures: what a node agent would add if it ran its own fabric8 pod
 * informer. Modes: {@code idle} (the JVM alone: the baseline) or {@code informer <apiUrl>} (a pod informer over all
 * namespaces, a handler that only counts). Prints READY when synced, then runs until killed.
 */
public final class InformerProbe {
  private InformerProbe() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("idle")) {
      System.out.println("READY 0");
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
      return;
    }
    KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder().withMasterUrl(args[1]).withTrustCerts(true).build()).build();
    long[] events = new long[1];
    SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        events[0]++;
      }

      @Override
      public void onUpdate(Pod before, Pod after) {
        events[0]++;
      }

      @Override
      public void onDelete(Pod pod, boolean unknown) {
        events[0]++;
      }
    }, 0);
    informer.start().toCompletableFuture().get(120, TimeUnit.SECONDS);
    System.out.println("READY " + informer.getStore().list().size());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
