/**
 * The night: {@link io.callwise.jobs.scoring.ScoreJob} scores the date's features with the
 * champions and applies the treatment policy (the {@code policy} library), recording each run with
 * its policy; {@link io.callwise.jobs.scoring.PublishJob} merges a run into current_priority;
 * {@link io.callwise.jobs.scoring.DecisionAudit} re-derives the rules from bronze; {@link
 * io.callwise.jobs.scoring.NightlyJob} chains ingest, features, score and publish with a step log.
 */
package io.callwise.jobs.scoring;
