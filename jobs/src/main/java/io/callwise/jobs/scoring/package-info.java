/**
 * Scoring jobs, read → call → write around the {@code io.callwise.scoring} library: {@link
 * io.callwise.jobs.scoring.ScoreJob} reads the date's features, the champions and the bronze rows
 * the policy needs, calls the scoring steps and the treatment policy, and writes account_scores,
 * contact_queue and the run's record (with its policy, {@link
 * io.callwise.jobs.scoring.PolicyConfig}); it also reads what the audit re-derives the rules from;
 * {@link io.callwise.jobs.scoring.PublishJob} merges a run into current_priority. May use storage,
 * models (the registry) and the libraries; not the CLI nor the nightly orchestrator.
 */
package io.callwise.jobs.scoring;
