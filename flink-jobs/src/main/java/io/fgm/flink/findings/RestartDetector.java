package io.fgm.flink.findings;

import io.fgm.schema.Finding;
import io.fgm.schema.FindingKind;
import java.util.Map;

/**
 * RESTART: a pod's container (same pod UID and container name) appears with a new runtime container id. A pure
 * function of the remembered start of that pod container and a new announcement ({@link #observe}).
 */
public final class RestartDetector {
  /** The metric key RESTART findings carry: the container id is what changed. */
  public static final String METRIC = "container.id";

  private RestartDetector() {}

  /** What to remember and what to emit after an announcement. */
  public record Step(ContainerStart remember, Finding restart) {}

  /**
   * Folds one announcement into the remembered start of the pod container. Announcements of different containers
   * come from different subtasks and may arrive in either order: a newer container is a restart when it arrives
   * (the previous one was seen), and so is the remembered container when an older one arrives late, if that
   * restart was not reported yet. The finding is the same in both cases (id from the new container's first
   * sample).
   */
  public static Step observe(ContainerStart current, ContainerStart next) {
    if (current == null) {
      return new Step(next, null);
    }
    if (current.containerId.equals(next.containerId)) {
      return new Step(current, null);
    }
    if (next.firstSeenMs > current.firstSeenMs) {
      next.predecessorSeen = true;
      return new Step(next, restart(current, next));
    }
    if (!current.predecessorSeen && next.firstSeenMs < current.firstSeenMs) {
      current.predecessorSeen = true;
      return new Step(current, restart(next, current));
    }
    return new Step(current, null);
  }

  /** The RESTART finding of {@code next} replacing {@code previous}. */
  static Finding restart(ContainerStart previous, ContainerStart next) {
    long t = next.firstSeenMs;
    String who = (next.namespace != null ? next.namespace + "/" : "") + (next.podName != null ? next.podName : next.podUid);
    return new Finding(Finding.idOf(next.node, next.containerId, METRIC, FindingKind.RESTART, t), FindingKind.RESTART,
        next.node, next.containerId, next.podUid, next.podName, next.namespace, next.containerName, METRIC, t, t, t,
        0.5, 1,
        "container " + next.containerName + " of pod " + who + " restarted: new id " + shortId(next.containerId)
            + " (was " + shortId(previous.containerId) + ")",
        Map.of("previous_first_seen_ms", (double) previous.firstSeenMs));
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
