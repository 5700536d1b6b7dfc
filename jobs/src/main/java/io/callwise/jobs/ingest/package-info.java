/**
 * {@code callwise ingest}: checks every file of a delivery ({@link
 * io.callwise.jobs.ingest.ExportFiles}), opens it ({@link
 * io.callwise.jobs.ingest.RawSourceReader}), validates every table with the {@code ingest} library,
 * then writes bronze, quarantine and the run log ({@link io.callwise.jobs.ingest.IngestJob}). Read
 * failures become one line naming the file ({@link io.callwise.jobs.ingest.ReadFailures}).
 */
package io.callwise.jobs.ingest;
