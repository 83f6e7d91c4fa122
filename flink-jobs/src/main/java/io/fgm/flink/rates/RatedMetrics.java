package io.fgm.flink.rates;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A sample's metrics with its derived rates added, as a read-only view over the sample's own map plus the few rates
 * (at most {@link DerivedRates#DERIVED_MAX}) in two arrays. Why not a copy: copying the ~40 raw metrics into a new
 * map for every sample was 5 % of the rates/rollups/findings thread in a JFR profile (2026-11-25); the view holds
 * the rates only. {@link CounterRates#deriveInto} fills it through {@link #put} before it is handed on; a rate whose
 * key the raw metrics already have (an agent that sent a derived metric itself) would be a second entry with the same
 * key, so {@link #overlapsRaw} tells the caller to make a real map instead.
 *
 * <p>Iteration order: the raw metrics' order, then the rates in the order they were derived.
 */
final class RatedMetrics extends AbstractMap<String, Double> {
  private final Map<String, Double> raw;
  private final String[] keys = new String[DerivedRates.DERIVED_MAX];
  private final double[] values = new double[DerivedRates.DERIVED_MAX];
  private final int[] hashes = new int[DerivedRates.DERIVED_MAX];
  private int n;
  private boolean overlapsRaw;
  private boolean sealed;

  RatedMetrics(Map<String, Double> raw) {
    this.raw = raw;
  }

  /** While the rates are derived only; then {@link #seal}. */
  @Override
  public Double put(String key, Double value) {
    if (sealed) {
      throw new UnsupportedOperationException("the metrics of a sample are read-only");
    }
    if (n == keys.length) {
      throw new IllegalStateException("more derived metrics than the catalogue has: " + key);
    }
    if (raw.containsKey(key)) {
      overlapsRaw = true;
    }
    keys[n] = key;
    hashes[n] = key.hashCode();
    values[n] = value;
    n++;
    return null;
  }

  RatedMetrics seal() {
    sealed = true;
    return this;
  }

  int derived() {
    return n;
  }

  boolean overlapsRaw() {
    return overlapsRaw;
  }

  @Override
  public int size() {
    return raw.size() + n;
  }

  @Override
  public Double get(Object key) {
    Double v = raw.get(key);
    if (v != null) {
      return v;
    }
    if (key == null) {
      return null;
    }
    // readers look up every catalogue metric (the raw writer) and most are raw or absent: compare cached hashes
    // before strings
    int h = key.hashCode();
    for (int i = 0; i < n; i++) {
      if (hashes[i] == h && keys[i].equals(key)) {
        return values[i];
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public Set<Map.Entry<String, Double>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return RatedMetrics.this.size();
      }

      @Override
      public Iterator<Map.Entry<String, Double>> iterator() {
        Iterator<Map.Entry<String, Double>> rawEntries = raw.entrySet().iterator();
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return rawEntries.hasNext() || next < n;
          }

          @Override
          public Map.Entry<String, Double> next() {
            if (rawEntries.hasNext()) {
              return rawEntries.next();
            }
            if (next >= n) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(keys[i], values[i]);
          }
        };
      }
    };
  }
}
