/**
 * Training, the model registry and promotion: {@link io.callwise.jobs.models.TrainModelJob} joins
 * features and labels and calls the {@code models} library, {@link
 * io.callwise.jobs.models.ModelRegistry} keeps versions and statuses in a Delta table, {@link
 * io.callwise.jobs.models.PromoteModelJob} applies the promotion gate.
 */
package io.callwise.jobs.models;
