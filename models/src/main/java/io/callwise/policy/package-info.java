/**
 * The nightly decision as a library: {@link io.callwise.policy.TreatmentPolicy} turns scored
 * accounts and their point-in-time contact history into a treatment, channel, queue position,
 * contact window and reason under {@link io.callwise.policy.PolicySettings} and the contact rules
 * of each region ({@link io.callwise.policy.ContactRules}); {@link
 * io.callwise.policy.DistributedRank} gives exact ranks without a global window; {@link
 * io.callwise.policy.ScoringTables} declares the output tables. Pure Dataset transformations.
 */
package io.callwise.policy;
