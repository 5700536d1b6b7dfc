package io.callwise.contract;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;

/**
 * One column of a raw table: its type, whether it may be null, what it means and which values it
 * may hold. Validation, the Spark schema and the data-contract document are all derived from these
 * declarations.
 *
 * @param name column name, snake_case
 * @param type Spark type of the validated column
 * @param nullable whether a null or empty value is acceptable
 * @param role key role ({@link Role#PRIMARY_KEY}, {@link Role#ACCOUNT_REF}) or {@link
 *     Role#ATTRIBUTE}
 * @param allowed the closed set of allowed values for an enum column, empty otherwise
 * @param min smallest allowed value of a numeric column (inclusive), or null
 * @param max largest allowed value of a numeric column (inclusive), or null
 * @param format a value format checked beyond the type ({@link Format#NONE} when none)
 * @param mayBeFuture whether a date column may lie after the batch's as-of time (due dates, promise
 *     dates); other date and timestamp columns must not
 * @param mayBeAbsent whether an export may leave the column out altogether (a column the contract
 *     gained after lenders built their exports): it is then read as empty on every row
 * @param unit unit or format shown in the contract, e.g. "account currency" or "UTC"
 * @param description what the column means
 */
public record FieldSpec(
    String name,
    DataType type,
    boolean nullable,
    Role role,
    List<String> allowed,
    BigDecimal min,
    BigDecimal max,
    Format format,
    boolean mayBeFuture,
    boolean mayBeAbsent,
    String unit,
    String description) {

  /** Money: two decimals, up to 16 integer digits, in the account currency. */
  public static final DecimalType MONEY = DataTypes.createDecimalType(18, 2);

  /** The part a column plays in keys. */
  public enum Role {
    PRIMARY_KEY,
    ACCOUNT_REF,
    ATTRIBUTE
  }

  /** Formats checked beyond the Spark type. */
  public enum Format {
    NONE,
    /** An IANA time-zone id known to the JVM, e.g. America/Chicago. */
    IANA_TIME_ZONE,
    /** Three upper-case letters, ISO 4217. */
    ISO_CURRENCY,
    /** Four-digit ISO 18245 merchant category code. */
    MCC
  }

  public FieldSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    allowed = List.copyOf(allowed);
  }

  public StructField structField() {
    return new StructField(name, type, nullable, Metadata.empty());
  }

  public boolean isKey() {
    return role != Role.ATTRIBUTE;
  }

  public boolean isEnum() {
    return !allowed.isEmpty();
  }

  public boolean isMoney() {
    return type.equals(MONEY);
  }

  /**
   * Whether the column's range reaches below zero (a balance in credit), so negatives are valid.
   */
  public boolean mayBeNegative() {
    return min != null && min.signum() < 0;
  }

  // ---- builders: keep the table declarations in RawTables short and readable ----

  static Builder of(String name, DataType type) {
    return new Builder(name, type);
  }

  /** Fluent builder; every column starts required, attribute, unconstrained. */
  static final class Builder {
    private final String name;
    private final DataType type;
    private boolean nullable;
    private Role role = Role.ATTRIBUTE;
    private List<String> allowed = List.of();
    private BigDecimal min;
    private BigDecimal max;
    private Format format = Format.NONE;
    private boolean mayBeFuture;
    private boolean mayBeAbsent;
    private String unit = "";

    private Builder(String name, DataType type) {
      this.name = name;
      this.type = type;
    }

    Builder optional() {
      this.nullable = true;
      return this;
    }

    Builder primaryKey() {
      this.role = Role.PRIMARY_KEY;
      return this;
    }

    Builder accountRef() {
      this.role = Role.ACCOUNT_REF;
      return this;
    }

    Builder oneOf(String... values) {
      this.allowed = List.of(values);
      return this;
    }

    Builder range(String min, String max) {
      this.min = min == null ? null : new BigDecimal(min);
      this.max = max == null ? null : new BigDecimal(max);
      return this;
    }

    Builder format(Format format) {
      this.format = format;
      return this;
    }

    Builder mayBeFuture() {
      this.mayBeFuture = true;
      return this;
    }

    /** An optional column an export may also leave out: read as empty when absent. */
    Builder mayBeAbsent() {
      this.nullable = true;
      this.mayBeAbsent = true;
      return this;
    }

    Builder unit(String unit) {
      this.unit = unit;
      return this;
    }

    FieldSpec describe(String description) {
      return new FieldSpec(
          name,
          type,
          nullable,
          role,
          allowed,
          min,
          max,
          format,
          mayBeFuture,
          mayBeAbsent,
          unit,
          description);
    }
  }
}
