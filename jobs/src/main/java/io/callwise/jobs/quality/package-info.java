/**
 * Data-quality gates of a night: declared checks on bronze, features and scores, and drift against
 * the champions' training distributions, recorded in {@code ops/dq_results} and {@code ops/drift}
 * before anything is published.
 */
package io.callwise.jobs.quality;
