package io.fgm.query;

import io.fgm.query.store.PodTier;
import io.fgm.query.tail.PodDirectory;
import io.fgm.schema.PodMetadata;
import java.util.Map;

/**
 * The Kubernetes labels of a pod by UID, for {@link LabelSelector}: the latest version known, from the live pods
 * topic ({@link PodDirectory}, fed by Kafka) or the store's pods tier ({@link PodTier}, which keeps deleted pods after
 * their tombstone). The version with the larger {@code updated_ms} wins; on a tie the live one. Lookups build nothing:
 * both sources hold each pod's labels as one immutable map.
 */
public final class PodLabels {
  private final PodDirectory live;
  private final PodTier stored;

  /**
   * @param live the pods topic's directory, or null without Kafka
   * @param stored the pods tier, or null
   */
  public PodLabels(PodDirectory live, PodTier stored) {
    this.live = live;
    this.stored = stored;
  }

  /** Brings the stored tier up to date (at most one listing per relist interval); call once per request. */
  public void refresh() {
    if (stored != null) {
      stored.refresh();
    }
  }

  /** The labels of the pod's latest version; empty when the pod (or the UID) is not known. */
  public Map<String, String> of(String podUid) {
    if (podUid == null) {
      return Map.of();
    }
    PodMetadata l = live == null ? null : live.get(podUid);
    PodTier.Version s = stored == null ? null : stored.get(podUid);
    if (l != null && (s == null || l.updatedMs() >= s.updatedMs())) {
      return l.labels();
    }
    return s != null ? s.labels() : Map.of();
  }
}
