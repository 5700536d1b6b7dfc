/**
 * Validated ingest as pure Dataset transformations: {@link io.callwise.ingest.RawInput} brings an
 * export to one shape, {@link io.callwise.ingest.RecordValidator} gives each row one verdict and
 * {@link io.callwise.ingest.LakeTables} shapes the bronze and quarantine outputs. No I/O here.
 */
package io.callwise.ingest;
