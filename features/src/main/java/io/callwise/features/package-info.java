/**
 * Point-in-time borrower features: {@link io.callwise.features.FeatureCatalog} declares every
 * feature once (source, aggregation, window, filter, type, default); {@link
 * io.callwise.features.FeatureBuilder} computes them for any set of as-of dates in one pass over
 * the history. Uses the raw contract, the DPD engine and the common helpers; pure Dataset
 * transformations, no I/O.
 */
package io.callwise.features;
