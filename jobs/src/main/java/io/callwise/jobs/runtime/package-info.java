/**
 * What every job runs on: the Spark session the commands share ({@link
 * io.callwise.jobs.runtime.SparkSessions}), the failure a user is shown in one line with its fix
 * ({@link io.callwise.jobs.runtime.JobFailedException}) and the description of unreachable storage
 * ({@link io.callwise.jobs.runtime.Unreachable}). Uses no other callwise package.
 */
package io.callwise.jobs.runtime;
