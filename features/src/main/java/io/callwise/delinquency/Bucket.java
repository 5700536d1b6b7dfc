package io.callwise.delinquency;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/** Delinquency buckets by days past due, as collections teams report them. */
public enum Bucket {
  CURRENT("current", 0, 0),
  DPD_1_30("1-30", 1, 30),
  DPD_31_60("31-60", 31, 60),
  DPD_61_90("61-90", 61, 90),
  DPD_91_180("91-180", 91, 180),
  DPD_180_PLUS("180+", 181, Integer.MAX_VALUE);

  private final String label;
  private final int min;
  private final int max;

  Bucket(String label, int min, int max) {
    this.label = label;
    this.min = min;
    this.max = max;
  }

  public String label() {
    return label;
  }

  public int min() {
    return min;
  }

  public int max() {
    return max;
  }

  public static Bucket of(int dpd) {
    for (Bucket b : values()) {
      if (dpd >= b.min && dpd <= b.max) {
        return b;
      }
    }
    throw new IllegalArgumentException("negative days past due: " + dpd);
  }

  /** The bucket label of a DPD column. */
  public static Column of(Column dpd) {
    Column out = lit(DPD_180_PLUS.label);
    Bucket[] all = values();
    for (int i = all.length - 2; i >= 0; i--) {
      out = when(dpd.leq(all[i].max), lit(all[i].label)).otherwise(out);
    }
    return out;
  }
}
