/**
 * Days past due from the ledger: {@link io.callwise.delinquency.DelinquencyEngine} applies the
 * payment waterfall to the instalment schedule and repayments as Spark expressions, {@link
 * io.callwise.delinquency.Bucket} names the DPD buckets. A library: no I/O. Uses the raw contract
 * and the local-day helper only.
 */
package io.callwise.delinquency;
