package io.callwise.jobs.ingest;

import io.callwise.contract.TableSpec;
import io.callwise.ingest.IngestSettings;
import java.util.List;

/**
 * A resolved ingest request.
 *
 * @param input folder holding one sub-folder per raw table ({@code {input}/{table}/})
 * @param format csv, parquet or delta
 * @param tables the tables to ingest, in contract order (accounts first)
 * @param settings batch id, as-of time and validation settings
 * @param maxRejectionRate quarantined share above which a table fails the job
 */
public record IngestOptions(
    String input,
    String format,
    List<TableSpec> tables,
    IngestSettings settings,
    double maxRejectionRate) {}
