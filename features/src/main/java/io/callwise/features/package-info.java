/**
 * Point-in-time borrower features: {@link io.callwise.features.FeatureCatalog} declares every
 * feature once (source, aggregation, window, filter, type, default); {@link
 * io.callwise.features.FeatureBuilder} computes them for any set of as-of dates in one pass over
 * the history; {@link io.callwise.features.FeatureDoc} renders the catalog document. Reads the raw
 * contract and the DPD engine; pure Dataset transformations, no I/O.
 */
package io.callwise.features;
