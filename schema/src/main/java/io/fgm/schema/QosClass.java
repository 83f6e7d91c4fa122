package io.fgm.schema;

/** Kubernetes QoS class of a container, as inferred from its cgroup path; {@link #NONE} outside Kubernetes. */
public enum QosClass {
  GUARANTEED("Guaranteed"),
  BURSTABLE("Burstable"),
  BEST_EFFORT("BestEffort"),
  NONE("None");

  private final String label;

  QosClass(String label) {
    this.label = label;
  }

  /** The spelling Kubernetes uses (and the Parquet column {@code l_qos_class} stores). */
  public String label() {
    return label;
  }

  /** Parses either the enum name or the Kubernetes label, case-insensitively; unknown input gives NONE. */
  public static QosClass parse(String s) {
    if (s == null) {
      return NONE;
    }
    for (QosClass q : values()) {
      if (q.name().equalsIgnoreCase(s) || q.label.equalsIgnoreCase(s)) {
        return q;
      }
    }
    return NONE;
  }
}
