package io.callwise.jobs.config;

/**
 * The configuration keys code reads, declared once (their defaults and meaning are in {@code
 * conf/reference.conf}). Sections end with a dot where code appends a key of its own.
 */
public final class ConfigKeys {

  private ConfigKeys() {}

  public static final String STORAGE_ROOT = "callwise.storage.root";

  public static final String SPARK_DEFAULT_MASTER = "callwise.spark.default-master";
  public static final String SPARK_CONF = "callwise.spark.conf";
  public static final String S3A = "callwise.s3a";

  public static final String INGEST = "callwise.ingest";
  public static final String INGEST_FORMAT = "callwise.ingest.format";
  public static final String INGEST_MAX_REJECTION_RATE = "callwise.ingest.max-rejection-rate";
  public static final String INGEST_MONEY_CAPS = "callwise.ingest.money-caps";
  public static final String INGEST_LANDING = "callwise.ingest.landing";

  public static final String GENERATE = "callwise.generate";
  public static final String GENERATE_ACCOUNTS = "callwise.generate.accounts";
  public static final String GENERATE_MONTHS = "callwise.generate.months";
  public static final String GENERATE_SEED = "callwise.generate.seed";
  public static final String GENERATE_START_DATE = "callwise.generate.start-date";
  public static final String GENERATE_DEFECT_RATE = "callwise.generate.defect-rate";
  public static final String GENERATE_PARTITIONS = "callwise.generate.partitions";

  public static final String FEATURES_BROADCAST_MAX_ACCOUNTS =
      "callwise.features.broadcast-max-accounts";

  /** The models section. */
  public static final String MODELS = "callwise.models.";

  public static final String MODELS_IMPORTANCE_SAMPLE_ROWS =
      "callwise.models.importance-sample-rows";
  public static final String MODELS_PROMOTION_LABELS = "callwise.models.promotion.labels";

  /** The policy section. */
  public static final String POLICY = "callwise.policy.";

  public static final String POLICY_REGIONS = "callwise.policy.regions";
  public static final String POLICY_CAPACITY_POOLS = "callwise.policy.capacity.pools";

  public static final String QUALITY = "callwise.quality";
  public static final String QUALITY_FRESHNESS_DAYS = "callwise.quality.freshness-days";
}
