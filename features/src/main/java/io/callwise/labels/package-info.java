/**
 * Delinquency labels for model training, declared in {@link io.callwise.labels.LabelCatalog}
 * (population, horizon, event) and built by {@link io.callwise.labels.LabelBuilder} only for as-of
 * dates whose horizon is observed. Uses the DPD engine and the feature snapshots; nothing on the
 * scoring path reads labels. No I/O.
 */
package io.callwise.labels;
