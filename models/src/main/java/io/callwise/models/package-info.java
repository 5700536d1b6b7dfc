/**
 * Delinquency models: training, calibration, credit-risk evaluation, reason codes and the model
 * registry. A library: jobs in {@code callwise-jobs} call it; it has no {@code main}.
 */
package io.callwise.models;
