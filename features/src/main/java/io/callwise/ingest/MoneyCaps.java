package io.callwise.ingest;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * The largest amount a money column may hold, by currency: one million of a dollar-sized unit is a
 * sane ceiling for a wallet's credit, but one million rupiah is about sixty dollars. Amounts above
 * their account currency's cap (or, for balances that may be negative, below minus the cap) are
 * quarantined as {@link ReasonCode#VALUE_OUT_OF_RANGE}.
 *
 * @param defaultCap cap of every currency not listed, in its major unit
 * @param byCurrency caps by ISO 4217 code, in each currency's major unit
 */
public record MoneyCaps(BigDecimal defaultCap, Map<String, BigDecimal> byCurrency)
    implements Serializable {

  /** Amounts fit {@code decimal(18,2)}: at most 16 integer digits. */
  static final BigDecimal LARGEST = new BigDecimal("9999999999999999.99");

  /**
   * One million US dollars and, for currencies whose unit is much smaller, about as much in their
   * own unit (rounded exchange rates of 2025).
   */
  public static final MoneyCaps DEFAULT =
      new MoneyCaps(
          new BigDecimal("1000000.00"),
          Map.of(
              "JPY", new BigDecimal("150000000"),
              "KRW", new BigDecimal("1400000000"),
              "IDR", new BigDecimal("17000000000"),
              "VND", new BigDecimal("26000000000"),
              "INR", new BigDecimal("90000000"),
              "PHP", new BigDecimal("60000000"),
              "NGN", new BigDecimal("1600000000"),
              "COP", new BigDecimal("4200000000"),
              "CLP", new BigDecimal("950000000"),
              "HUF", new BigDecimal("360000000")));

  public MoneyCaps {
    Objects.requireNonNull(defaultCap, "defaultCap");
    byCurrency = new TreeMap<>(byCurrency);
    check("default", defaultCap);
    byCurrency.forEach(MoneyCaps::check);
  }

  private static void check(String currency, BigDecimal cap) {
    if (!currency.equals("default") && !currency.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException(
          "callwise.ingest.money-caps: '" + currency + "' is not an ISO 4217 code (e.g. IDR)");
    }
    if (cap.signum() <= 0 || cap.compareTo(LARGEST) > 0) {
      throw new IllegalArgumentException(
          "callwise.ingest.money-caps."
              + currency
              + ": "
              + cap.toPlainString()
              + " must be above 0 and at most "
              + LARGEST.toPlainString()
              + " (decimal(18,2))");
    }
  }

  /** The cap of {@code currency}. */
  public BigDecimal of(String currency) {
    return byCurrency.getOrDefault(currency, defaultCap);
  }

  /** The cap of a currency column, as a decimal column; the default cap when it is null. */
  public Column of(Column currency) {
    Column cap = lit(defaultCap);
    for (Map.Entry<String, BigDecimal> e : byCurrency.entrySet()) {
      cap = when(currency.equalTo(e.getKey()), lit(e.getValue())).otherwise(cap);
    }
    return cap.cast(DataTypes.createDecimalType(18, 2));
  }
}
