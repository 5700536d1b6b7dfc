package io.callwise.jobs.ingest;

import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.ingest.IngestSettings;
import io.callwise.synth.SimulationParams;
import io.callwise.synth.SyntheticBook;
import java.time.LocalDate;
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
    double maxRejectionRate) {

  /**
   * Every table of a synthetic export written by {@code generate}, as of the moment the simulated
   * export was taken, with the default validation settings.
   */
  public static IngestOptions syntheticExport(
      String landing, String batchId, SimulationParams params, double maxRejectionRate) {
    return new IngestOptions(
        landing,
        "csv",
        RawTables.ALL,
        new IngestSettings(
            batchId,
            SyntheticBook.exportedAt(params),
            LocalDate.parse("2000-01-01"),
            10,
            IngestSettings.ExtraColumnPolicy.IGNORE),
        maxRejectionRate);
  }
}
