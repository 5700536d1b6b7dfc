/**
 * Days past due from the ledger: {@link io.callwise.delinquency.DelinquencyEngine} applies the
 * payment waterfall to the instalment schedule and repayments as Spark expressions, {@link
 * io.callwise.delinquency.Bucket} names the DPD buckets, {@link
 * io.callwise.delinquency.PortfolioViews} derives roll rates and vintage curves. A library: no I/O.
 * Uses the feature package's snapshot dates and local days.
 */
package io.callwise.delinquency;
