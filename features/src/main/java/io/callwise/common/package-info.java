/**
 * Helpers every layer shares and that know nothing of the domain: {@link
 * io.callwise.common.LocalDays} (the local calendar day of an instant in an account's zone, as a
 * Spark expression) and {@link io.callwise.common.Fingerprints} (short stable hashes of text). Uses
 * nothing of callwise.
 */
package io.callwise.common;
