/**
 * The night's scoring as a library, around the treatment policy: {@link
 * io.callwise.scoring.Scoring} routes each DPD population to its label's champion (PD 1 beyond
 * them), fingerprints the run and shapes the output tables; {@link
 * io.callwise.scoring.PolicyInputs} derives the policy's point-in-time inputs from bronze rows;
 * {@link io.callwise.scoring.DecisionAudit} re-derives every rule ({@link
 * io.callwise.scoring.AuditRule}) from bronze and counts the decisions that break one, in one
 * aggregation. Pure Dataset transformations, no I/O; uses the policy, the models and the feature
 * library.
 */
package io.callwise.scoring;
