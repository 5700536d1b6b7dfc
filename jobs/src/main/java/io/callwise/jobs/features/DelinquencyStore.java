package io.callwise.jobs.features;

import static io.callwise.delinquency.DelinquencyEngine.ACCOUNT_ID;
import static io.callwise.delinquency.DelinquencyState.GENERATION;
import static io.callwise.delinquency.DelinquencyState.PART;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;

import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.delinquency.DelinquencyEngine;
import io.callwise.delinquency.DelinquencyState;
import io.callwise.delinquency.DelinquencyState.Part;
import io.callwise.features.FeatureInputs;
import io.callwise.features.FeatureSources;
import io.callwise.ingest.LakeTables;
import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.storage.Bronze;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.LakeTable;
import io.callwise.jobs.storage.Tables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * Keeps the DPD engine's results between runs of {@code callwise features} ({@link
 * Tables#DPD_STATE}, laid out by {@link DelinquencyState}), so that a night recomputes only the
 * accounts whose engine inputs changed.
 *
 * <p>The engine reads three bronze tables: instalments, repayments and accounts (the zone and
 * product that date and cap the money). Ingest writes each batch of a table in one commit that
 * replaces that batch's rows, so the rows a generation saw are named by the batches it recorded
 * (rows and ingest instant of each). A run compares them with the batches in bronze now:
 *
 * <ul>
 *   <li>the same batches: the state is current and is read as it is;
 *   <li>new batches, or batches re-ingested or removed since: the accounts with rows in them are
 *       recomputed, over their whole history, and appended as the next generation. The accounts of
 *       a batch's earlier rows are read from the bronze version the state recorded (Delta time
 *       travel), so an account whose rows a re-delivery dropped is recomputed too;
 *   <li>anything else rebuilds the state from every account: no state yet, a state written by other
 *       engine code ({@link DelinquencyState#engineVersion()}), a state exact from a later day than
 *       the dates need (a backfill further back), earlier rows no longer readable (vacuumed), or
 *       more accounts recomputed since the last rebuild than {@link #REBUILD_SHARE} of the book
 *       (which keeps the generations few and the read cheap).
 * </ul>
 *
 * <p>Each write is one Delta commit (a rebuild replaces the table, an increment appends its
 * generation), so a run killed at any moment leaves the state of before, which the next run reads
 * or recomputes. Deleting the table is safe: the next run rebuilds it.
 */
final class DelinquencyStore {

  private DelinquencyStore() {}

  /** The bronze tables the engine reads. */
  static final List<TableSpec> INPUTS =
      List.of(RawTables.INSTALMENTS, RawTables.REPAYMENTS, RawTables.ACCOUNTS);

  /**
   * Share of the book's accounts that may be recomputed (summed over the increments since the last
   * rebuild) before the state is rebuilt whole.
   */
  static final double REBUILD_SHARE = 0.25;

  /** How the state was brought up to date. */
  enum Action {
    /** Read as it was: no engine input changed. */
    CURRENT,
    /** The accounts with changed inputs recomputed and appended. */
    INCREMENT,
    /** Recomputed for every account. */
    REBUILD
  }

  /** What a run did with the state. */
  record Outcome(Action action, long generation, long accounts, String reason) {

    String render() {
      return switch (action) {
        case CURRENT ->
            String.format(Locale.ROOT, "DPD history: current (generation %d)", generation);
        case INCREMENT ->
            String.format(
                Locale.ROOT,
                "DPD history: %,d accounts recomputed, generation %d (%s)",
                accounts,
                generation,
                reason);
        case REBUILD ->
            String.format(
                Locale.ROOT,
                "DPD history: rebuilt for %,d accounts, generation %d (%s)",
                accounts,
                generation,
                reason);
      };
    }
  }

  /**
   * The latest version of each of the engine's bronze tables ({@link #INPUTS}), by table name: the
   * versions the features read them at, so that the state records exactly the rows it saw.
   */
  static Map<String, Long> latestVersions(SparkSession spark, Lake lake) {
    Map<String, Long> out = new TreeMap<>();
    INPUTS.forEach(spec -> out.put(spec.name(), Bronze.version(spark, lake, spec)));
    return out;
  }

  /** The engine's results for the features, and what was done to get them. */
  record Prepared(DelinquencyEngine.Result result, Outcome outcome) {}

  /** A batch of a bronze table: its rows and the instant it was ingested. */
  private record Batch(long rows, Timestamp ingestedAt) {}

  /** What a generation recorded. */
  private record Book(
      long base,
      long latest,
      LocalDate validFrom,
      String engineVersion,
      Map<String, Map<String, Batch>> batches,
      Map<String, Long> versions) {}

  /**
   * The engine's results for {@code in} (its instalments, repayments and accounts read from bronze
   * at {@code versions}, {@link #latestVersions}), exact from {@code exactFrom} (null: from the
   * beginning), with the state brought up to date.
   */
  static Prepared prepare(
      SparkSession spark,
      Lake lake,
      FeatureInputs in,
      LocalDate exactFrom,
      Map<String, Long> versions) {
    Map<String, Map<String, Batch>> batches = batches(spark, lake, versions);
    String engine = DelinquencyState.engineVersion();
    LakeTable table = Tables.DPD_STATE;
    Book book = table.exists(spark, lake) ? book(table.read(spark, lake)) : null;

    String rebuild = null;
    if (book == null) {
      rebuild = "no state yet";
    } else if (!engine.equals(book.engineVersion())) {
      rebuild = "written by other engine code (" + book.engineVersion() + ", now " + engine + ")";
    } else if (book.validFrom() != null
        && (exactFrom == null || book.validFrom().isAfter(exactFrom))) {
      rebuild =
          "the state is exact from "
              + book.validFrom()
              + ", the dates need "
              + (exactFrom == null ? "the whole history" : "from " + exactFrom);
    }
    Context context = new Context(spark, lake, in, exactFrom, book, batches, versions, engine);
    if (rebuild != null) {
      return context.rebuild(rebuild);
    }
    if (batches.equals(book.batches())) {
      return new Prepared(
          read(spark, lake, book.base()),
          new Outcome(Action.CURRENT, book.latest(), 0, "no new input"));
    }

    Dataset<Row> changed;
    long n;
    String what = changes(book.batches(), batches);
    try {
      changed =
          changedAccounts(spark, lake, book, batches, versions)
              .persist(StorageLevel.MEMORY_AND_DISK());
      n = changed.count();
    } catch (RuntimeException e) {
      return context.rebuild(
          "the earlier rows of a changed batch cannot be read back (" + firstLine(e) + ")");
    }
    Dataset<Row> state = table.read(spark, lake);
    long marked =
        state
            .filter(col(PART).equalTo(Part.ACCOUNT.name()).and(col(GENERATION).gt(book.base())))
            .count();
    long bookAccounts =
        state
            .filter(
                col(PART).equalTo(Part.ACCOUNT.name()).and(col(GENERATION).equalTo(book.base())))
            .count();
    if (marked + n > REBUILD_SHARE * bookAccounts || n > DelinquencyState.BROADCAST_MARKERS) {
      changed.unpersist();
      return context.rebuild(
          String.format(
              Locale.ROOT,
              "%,d accounts recomputed since the last rebuild of %,d, over %.0f %%",
              marked + n,
              bookAccounts,
              100 * REBUILD_SHARE));
    }
    long generation = book.latest() + 1;
    Dataset<Row> only = broadcast(changed);
    FeatureInputs mine =
        new FeatureInputs(
            in.accounts().join(only, new String[] {ACCOUNT_ID}, "left_semi"),
            null,
            in.instalments().join(only, new String[] {ACCOUNT_ID}, "left_semi"),
            in.repayments().join(only, new String[] {ACCOUNT_ID}, "left_semi"),
            null,
            null,
            null,
            null,
            true,
            in.bookZones());
    DelinquencyEngine.Result result = FeatureSources.engine(mine, book.validFrom()).cached();
    try {
      table.append(
          spark,
          lake,
          DelinquencyState.rows(result, changed, generation)
              .unionByName(
                  bookRows(spark, generation, book.validFrom(), engine, false, batches, versions)),
          "callwise-dpd-state",
          generation);
    } finally {
      result.release();
      changed.unpersist();
    }
    Book after = book(table.read(spark, lake));
    if (!batches.equals(after.batches()) || after.latest() != generation) {
      throw new JobFailedException(
          "features/dpd_state (the DPD engine's results kept between runs) was written by another"
              + " run while this one computed generation "
              + generation
              + ". Fix: run one features command at a time per storage root, and re-run this one.");
    }
    return new Prepared(
        DelinquencyState.read(table.read(spark, lake), book.base(), marked + n),
        new Outcome(Action.INCREMENT, generation, n, what));
  }

  /** What a run knows when it decides: enough to rebuild the state whole. */
  private record Context(
      SparkSession spark,
      Lake lake,
      FeatureInputs in,
      LocalDate exactFrom,
      Book book,
      Map<String, Map<String, Batch>> batches,
      Map<String, Long> versions,
      String engine) {

    Prepared rebuild(String reason) {
      long generation = book == null ? 0 : book.latest() + 1;
      DelinquencyEngine.Result result = FeatureSources.engine(in, exactFrom).cached();
      Dataset<Row> accounts = in.accounts().select(ACCOUNT_ID).distinct();
      try {
        Tables.DPD_STATE.replaceAll(
            spark,
            lake,
            DelinquencyState.rows(result, accounts, generation)
                .unionByName(
                    bookRows(spark, generation, exactFrom, engine, true, batches, versions)));
      } finally {
        result.release();
      }
      long n =
          Tables.DPD_STATE
              .read(spark, lake)
              .filter(
                  col(PART).equalTo(Part.ACCOUNT.name()).and(col(GENERATION).equalTo(generation)))
              .count();
      return new Prepared(
          read(spark, lake, generation), new Outcome(Action.REBUILD, generation, n, reason));
    }
  }

  private static DelinquencyEngine.Result read(SparkSession spark, Lake lake, long base) {
    Dataset<Row> state = Tables.DPD_STATE.read(spark, lake);
    long marked =
        state.filter(col(PART).equalTo(Part.ACCOUNT.name()).and(col(GENERATION).gt(base))).count();
    return DelinquencyState.read(state, base, marked);
  }

  /** Every batch of the engine's input tables, at the pinned versions: rows and ingest instant. */
  private static Map<String, Map<String, Batch>> batches(
      SparkSession spark, Lake lake, Map<String, Long> versions) {
    Map<String, Map<String, Batch>> out = new TreeMap<>();
    for (TableSpec spec : INPUTS) {
      Map<String, Batch> of = new TreeMap<>();
      for (Row r :
          Tables.bronze(spec)
              .readAt(spark, lake, versions.get(spec.name()))
              .groupBy(LakeTables.BATCH_ID)
              .agg(count("*"), max(LakeTables.INGESTED_AT))
              .collectAsList()) {
        of.put(r.getString(0), new Batch(r.getLong(1), r.getTimestamp(2)));
      }
      out.put(spec.name(), of);
    }
    return out;
  }

  /**
   * The accounts with rows in a batch that is new, re-ingested or removed since the state: its rows
   * now, and the rows it had at the version the state read.
   */
  private static Dataset<Row> changedAccounts(
      SparkSession spark,
      Lake lake,
      Book book,
      Map<String, Map<String, Batch>> now,
      Map<String, Long> versions) {
    Dataset<Row> out = null;
    for (TableSpec spec : INPUTS) {
      Map<String, Batch> before = book.batches().getOrDefault(spec.name(), Map.of());
      Map<String, Batch> after = now.getOrDefault(spec.name(), Map.of());
      TreeSet<String> current = new TreeSet<>();
      TreeSet<String> earlier = new TreeSet<>();
      after.forEach(
          (b, batch) -> {
            if (!batch.equals(before.get(b))) {
              current.add(b);
              if (before.containsKey(b)) {
                earlier.add(b);
              }
            }
          });
      before.keySet().stream().filter(b -> !after.containsKey(b)).forEach(earlier::add);
      List<Dataset<Row>> parts = new ArrayList<>();
      if (!current.isEmpty()) {
        parts.add(
            accountsOf(
                Tables.bronze(spec).readAt(spark, lake, versions.get(spec.name())), current));
      }
      if (!earlier.isEmpty()) {
        Long v = book.versions().get(spec.name());
        if (v == null) {
          throw new IllegalStateException("no version of " + spec.name() + " recorded");
        }
        parts.add(accountsOf(Tables.bronze(spec).readAt(spark, lake, v), earlier));
      }
      for (Dataset<Row> p : parts) {
        out = out == null ? p : out.unionByName(p);
      }
    }
    return Objects.requireNonNull(out, "no batch changed").distinct();
  }

  private static Dataset<Row> accountsOf(Dataset<Row> bronze, TreeSet<String> batches) {
    return bronze.filter(col(LakeTables.BATCH_ID).isin(batches.toArray())).select(ACCOUNT_ID);
  }

  /** A short account of the batches that differ, for the report. */
  private static String changes(
      Map<String, Map<String, Batch>> before, Map<String, Map<String, Batch>> after) {
    int added = 0;
    int replaced = 0;
    int removed = 0;
    for (String t : after.keySet()) {
      Map<String, Batch> b = before.getOrDefault(t, Map.of());
      for (var e : after.get(t).entrySet()) {
        if (!b.containsKey(e.getKey())) {
          added++;
        } else if (!b.get(e.getKey()).equals(e.getValue())) {
          replaced++;
        }
      }
      removed += (int) b.keySet().stream().filter(k -> !after.get(t).containsKey(k)).count();
    }
    return String.format(
        Locale.ROOT, "input batches: %d new, %d re-ingested, %d removed", added, replaced, removed);
  }

  /** The bookkeeping of a state table: the latest generation's batches and versions, its run. */
  private static Book book(Dataset<Row> state) {
    List<Row> rows =
        state
            .filter(col(PART).isin(Part.BATCH.name(), Part.TABLE.name(), Part.RUN.name()))
            .select(
                GENERATION,
                PART,
                "table_name",
                "batch_id",
                "batch_rows",
                "batch_ingested_at",
                "table_version",
                "valid_from",
                "engine_version",
                "full")
            .collectAsList();
    long base = -1;
    long latest = -1;
    for (Row r : rows) {
      if (r.getString(1).equals(Part.RUN.name())) {
        latest = Math.max(latest, r.getLong(0));
        if (r.getBoolean(9)) {
          base = Math.max(base, r.getLong(0));
        }
      }
    }
    if (base < 0) {
      return null;
    }
    LocalDate validFrom = null;
    String engine = null;
    Map<String, Map<String, Batch>> batches = new TreeMap<>();
    INPUTS.forEach(s -> batches.put(s.name(), new TreeMap<>()));
    Map<String, Long> versions = new HashMap<>();
    for (Row r : rows) {
      if (r.getLong(0) != latest) {
        continue;
      }
      switch (Part.valueOf(r.getString(1))) {
        case RUN -> {
          validFrom = r.isNullAt(7) ? null : r.getDate(7).toLocalDate();
          engine = r.getString(8);
        }
        case BATCH ->
            batches
                .computeIfAbsent(r.getString(2), k -> new TreeMap<>())
                .put(r.getString(3), new Batch(r.getLong(4), r.getTimestamp(5)));
        case TABLE -> versions.put(r.getString(2), r.getLong(6));
        default -> {}
      }
    }
    return new Book(base, latest, validFrom, engine, batches, versions);
  }

  /** The bookkeeping rows of a generation. */
  private static Dataset<Row> bookRows(
      SparkSession spark,
      long generation,
      LocalDate validFrom,
      String engine,
      boolean full,
      Map<String, Map<String, Batch>> batches,
      Map<String, Long> versions) {
    List<Row> rows = new ArrayList<>();
    rows.add(
        row(
            generation,
            Part.RUN,
            Map.of(
                "engine_version",
                engine,
                "full",
                full,
                "valid_from",
                validFrom == null ? NULL : Date.valueOf(validFrom))));
    versions.forEach(
        (t, v) ->
            rows.add(row(generation, Part.TABLE, Map.of("table_name", t, "table_version", v))));
    batches.forEach(
        (t, of) ->
            of.forEach(
                (b, batch) ->
                    rows.add(
                        row(
                            generation,
                            Part.BATCH,
                            Map.of(
                                "table_name",
                                t,
                                "batch_id",
                                b,
                                "batch_rows",
                                batch.rows(),
                                "batch_ingested_at",
                                batch.ingestedAt())))));
    return spark.createDataFrame(rows, DelinquencyState.SCHEMA);
  }

  private static final Object NULL = new Object();

  private static Row row(long generation, Part part, Map<String, Object> values) {
    StructField[] fields = DelinquencyState.SCHEMA.fields();
    Object[] out = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      String name = fields[i].name();
      Object v =
          name.equals(GENERATION)
              ? Long.valueOf(generation)
              : name.equals(PART) ? part.name() : values.get(name);
      out[i] = v == NULL ? null : v;
    }
    return RowFactory.create(out);
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
