/**
 * The synthetic credit book: {@link io.callwise.synth.BookSimulator} simulates borrowers,
 * schedules, repayments, contacts and complaints with hidden behaviour types, {@link
 * io.callwise.synth.Defects} injects export defects, {@link io.callwise.synth.SyntheticBook} lays
 * the result out as the raw contract's tables and its ground truth. Uses the contract only; the
 * pipeline never reads the ground truth.
 */
package io.callwise.synth;
