/**
 * The night as one command: {@link io.callwise.jobs.nightly.NightlyJob} chains ingest, features,
 * score and publish for a date, each step skipped when its output for the date is already committed
 * and logged in {@code ops/nightly_steps}, so a night stopped anywhere completes by running it
 * again. Uses the ingest, features and scoring jobs; nothing uses it but the CLI.
 */
package io.callwise.jobs.nightly;
