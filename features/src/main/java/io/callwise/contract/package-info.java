/**
 * The raw data contract: every table a lender exports to callwise, declared once in {@link
 * io.callwise.contract.RawTables}, from which schemas, validation and {@code docs/DATA_CONTRACT.md}
 * are derived.
 */
package io.callwise.contract;
