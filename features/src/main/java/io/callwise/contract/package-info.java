/**
 * The raw data contract: every table a lender exports to callwise, declared once in {@link
 * io.callwise.contract.RawTables}, from which schemas, validation and {@code docs/DATA_CONTRACT.md}
 * are derived. Uses only the common helpers; ingest, features and the documents build on it.
 */
package io.callwise.contract;
