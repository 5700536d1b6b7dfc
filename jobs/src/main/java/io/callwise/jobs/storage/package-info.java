/**
 * Storage: where every table lives under a root ({@link io.callwise.jobs.storage.Lake}, local or
 * {@code s3a://}), writes that replace one slice of a Delta table in one commit ({@link
 * io.callwise.jobs.storage.DeltaOutputs}), and reads of the bronze tables ({@link
 * io.callwise.jobs.storage.Bronze}).
 */
package io.callwise.jobs.storage;
