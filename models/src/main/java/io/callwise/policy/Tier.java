package io.callwise.policy;

/** Priority tier of a decision, from its PD (every escalation is T1); the {@code tier} value. */
public enum Tier {
  /** PD from the policy's t1 cut-off, or escalated. */
  T1,
  /** PD from the t2 cut-off. */
  T2,
  /** PD from the t3 cut-off. */
  T3,
  /** Below every cut-off. */
  T4
}
