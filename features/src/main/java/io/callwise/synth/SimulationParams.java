package io.callwise.synth;

import java.io.Serializable;
import java.time.LocalDate;

/**
 * What the synthetic credit book is generated from. The same parameters give the same tables, on
 * any number of partitions or machines.
 *
 * @param seed random seed
 * @param accounts number of accounts
 * @param start first day of the simulated history (a first of the month)
 * @param months length of the history in months (1 to 36)
 * @param defectRate share of exported rows given a realistic data defect (0 for a clean export)
 */
public record SimulationParams(
    long seed, long accounts, LocalDate start, int months, double defectRate)
    implements Serializable {

  public SimulationParams {
    if (accounts < 1 || accounts > 50_000_000L) {
      throw new IllegalArgumentException(
          "accounts must be between 1 and 50000000, got " + accounts);
    }
    if (months < 1 || months > 36) {
      throw new IllegalArgumentException("months must be between 1 and 36, got " + months);
    }
    if (start.getDayOfMonth() != 1) {
      throw new IllegalArgumentException("start must be the first day of a month, got " + start);
    }
    if (defectRate < 0 || defectRate > 0.2) {
      throw new IllegalArgumentException(
          "defect rate must be between 0 and 0.2, got " + defectRate);
    }
  }

  /** The day after the last simulated day. */
  public LocalDate end() {
    return start.plusMonths(months);
  }
}
