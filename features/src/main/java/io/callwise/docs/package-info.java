/**
 * The generated documents: {@link io.callwise.docs.ContractDoc} renders {@code
 * docs/DATA_CONTRACT.md} from the raw tables and ingest's reasons and protected columns; {@link
 * io.callwise.docs.FeatureDoc} renders {@code docs/FEATURES.md} from the feature and label
 * catalogs. Reads declarations only; nothing depends on it but the {@code docs} command and the
 * tests that keep the documents current.
 */
package io.callwise.docs;
