package io.callwise.delinquency;

import static io.callwise.delinquency.DelinquencyEngine.ACCOUNT_ID;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.callwise.common.LocalDays;
import io.callwise.contract.Codes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The DPD engine's results kept between runs: segments and instalment outcomes of every account,
 * written in <em>generations</em>. A full run writes generation {@code g} alone (the base); each
 * later run that finds new rows for some accounts recomputes only those accounts and appends them
 * as generation {@code g+1, g+2, …} with one {@code ACCOUNT} marker row per recomputed account. An
 * account's rows are those of the latest generation that marks it (the base when none does), so an
 * account recomputed with no rows left has none. Valid because an account's segments and outcomes
 * depend only on its own instalments, payments and terms ({@link DelinquencyEngine}).
 *
 * <p>One table holds the rows of every kind ({@link #PART}): results, markers, and the bookkeeping
 * a store needs to know which inputs a generation saw ({@code BATCH} and {@code TABLE} rows) and
 * how it was computed ({@code RUN}: the day it is exact from, the engine's fingerprint). Pure:
 * builds and reads Datasets, no I/O.
 */
public final class DelinquencyState {

  private DelinquencyState() {}

  public static final String GENERATION = "generation";
  public static final String PART = "part";

  /** Kinds of rows. */
  public enum Part {
    /** A segment of {@link DelinquencyEngine.Result#segments()}. */
    SEGMENT,
    /** A row of {@link DelinquencyEngine.Result#instalmentOutcomes()}. */
    OUTCOME,
    /** The account was recomputed in this generation. */
    ACCOUNT,
    /** An input batch this generation saw: {@code table_name, batch_id, batch_rows, ...}. */
    BATCH,
    /** The version of an input table this generation read: {@code table_name, table_version}. */
    TABLE,
    /** How the generation was computed: {@code valid_from, engine_version, full}. */
    RUN
  }

  private static final DataType TOTAL = DelinquencyEngine.TOTAL;

  private static final List<StructField> SEGMENT_FIELDS = segmentFields();

  private static List<StructField> segmentFields() {
    List<StructField> out =
        new ArrayList<>(
            fields(
                DelinquencyEngine.SEG_START,
                DataTypes.DateType,
                DelinquencyEngine.SEG_END,
                DataTypes.DateType,
                DelinquencyEngine.BILLED,
                TOTAL,
                DelinquencyEngine.PAST_DUE,
                TOTAL,
                DelinquencyEngine.PAID,
                TOTAL,
                DelinquencyEngine.OLDEST_DUE,
                DataTypes.DateType));
    for (int t : DelinquencyEngine.ENTRY_THRESHOLDS) {
      out.addAll(fields(DelinquencyEngine.enteredOn(t), DataTypes.DateType));
    }
    return List.copyOf(out);
  }

  private static final List<StructField> OUTCOME_FIELDS =
      fields(
          "instalment_id",
          DataTypes.StringType,
          "due_date",
          DataTypes.DateType,
          "amount_due",
          TOTAL,
          "paid_by_due",
          TOTAL,
          "on_time",
          DataTypes.BooleanType,
          "partial",
          DataTypes.BooleanType);

  /** Bookkeeping columns of {@code BATCH}, {@code TABLE} and {@code RUN} rows. */
  private static final List<StructField> BOOK_FIELDS =
      fields(
          "table_name",
          DataTypes.StringType,
          "batch_id",
          DataTypes.StringType,
          "batch_rows",
          DataTypes.LongType,
          "batch_ingested_at",
          DataTypes.TimestampType,
          "table_version",
          DataTypes.LongType,
          "valid_from",
          DataTypes.DateType,
          "engine_version",
          DataTypes.StringType,
          "full",
          DataTypes.BooleanType);

  /** The state table's schema; partitioned by {@link #GENERATION} and {@link #PART}. */
  public static final StructType SCHEMA = schema();

  private static StructType schema() {
    List<StructField> all = new ArrayList<>();
    all.add(DataTypes.createStructField(GENERATION, DataTypes.LongType, false));
    all.add(DataTypes.createStructField(PART, DataTypes.StringType, false));
    all.add(DataTypes.createStructField(ACCOUNT_ID, DataTypes.StringType, true));
    all.addAll(SEGMENT_FIELDS);
    all.addAll(OUTCOME_FIELDS);
    all.addAll(BOOK_FIELDS);
    return new StructType(all.toArray(StructField[]::new));
  }

  public static final List<String> PARTITION_BY = List.of(GENERATION, PART);

  /**
   * Fingerprint of the code whose results the state holds (the engine, local dating, the codes it
   * reads): a state written by other code is rebuilt, never read. Taken from the compiled classes,
   * so that any change to them counts, with nothing to remember to bump.
   */
  public static String engineVersion() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Class<?> c :
          List.of(
              DelinquencyEngine.class,
              DelinquencyState.class,
              LocalDays.class,
              Codes.PaymentStatus.class,
              Codes.Product.class)) {
        String resource = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream in = c.getResourceAsStream(resource)) {
          if (in == null) {
            throw new IllegalStateException("class file of " + c.getName() + " not found");
          }
          digest.update(in.readAllBytes());
        }
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The state rows of {@code result} as generation {@code generation}: its segments, its outcomes,
   * and an {@code ACCOUNT} marker for each of {@code accounts} ({@code account_id}), the accounts
   * it was computed for.
   */
  public static Dataset<Row> rows(
      DelinquencyEngine.Result result, Dataset<Row> accounts, long generation) {
    return project(result.segments(), Part.SEGMENT, generation)
        .unionByName(project(result.instalmentOutcomes(), Part.OUTCOME, generation))
        .unionByName(project(accounts.select(ACCOUNT_ID), Part.ACCOUNT, generation));
  }

  /** {@code rows} in the state's columns, those it lacks null. */
  private static Dataset<Row> project(Dataset<Row> rows, Part part, long generation) {
    List<String> present = List.of(rows.columns());
    List<Column> out = new ArrayList<>();
    for (StructField f : SCHEMA.fields()) {
      Column c =
          switch (f.name()) {
            case GENERATION -> lit(generation);
            case PART -> lit(part.name());
            default -> present.contains(f.name()) ? col(f.name()) : lit(null);
          };
      out.add(c.cast(f.dataType()).as(f.name()));
    }
    return rows.select(out.toArray(Column[]::new));
  }

  /**
   * The engine's results held by {@code state} (the whole table) whose oldest generation is {@code
   * base}: each account's rows from the latest generation that marks it. {@code markedAccounts} is
   * the number of marker rows after the base: up to the broadcast limit the markers are broadcast.
   */
  public static DelinquencyEngine.Result read(Dataset<Row> state, long base, long markedAccounts) {
    Dataset<Row> results = state.filter(col(PART).isin(Part.SEGMENT.name(), Part.OUTCOME.name()));
    if (markedAccounts > 0) {
      Dataset<Row> latest =
          state
              .filter(col(PART).equalTo(Part.ACCOUNT.name()).and(col(GENERATION).gt(base)))
              .groupBy(ACCOUNT_ID)
              .agg(max(GENERATION).as("latest_generation"));
      results =
          results
              .join(
                  markedAccounts <= BROADCAST_MARKERS ? broadcast(latest) : latest,
                  new String[] {ACCOUNT_ID},
                  "left")
              .filter(col(GENERATION).equalTo(coalesce(col("latest_generation"), lit(base))));
    } else {
      results = results.filter(col(GENERATION).equalTo(base));
    }
    return DelinquencyEngine.Result.of(
        select(results.filter(col(PART).equalTo(Part.SEGMENT.name())), SEGMENT_FIELDS),
        select(results.filter(col(PART).equalTo(Part.OUTCOME.name())), OUTCOME_FIELDS));
  }

  /** Markers up to this many are broadcast when the state is read. */
  public static final long BROADCAST_MARKERS = 2_000_000;

  private static Dataset<Row> select(Dataset<Row> rows, List<StructField> fields) {
    List<Column> out = new ArrayList<>();
    out.add(col(ACCOUNT_ID));
    fields.forEach(f -> out.add(col(f.name())));
    return rows.select(out.toArray(Column[]::new));
  }

  private static List<StructField> fields(Object... nameAndType) {
    List<StructField> out = new ArrayList<>();
    for (int i = 0; i < nameAndType.length; i += 2) {
      out.add(
          DataTypes.createStructField(
              (String) nameAndType[i], (DataType) nameAndType[i + 1], true));
    }
    return List.copyOf(out);
  }
}
