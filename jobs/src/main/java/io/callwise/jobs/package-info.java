/**
 * The launcher: {@link io.callwise.jobs.Callwise} (the one {@code main}, exit codes), the Spark
 * session every command shares ({@link io.callwise.jobs.SparkSessions}) and the failures a user is
 * shown in one line. The sub-packages hold the command line, configuration, storage and one job per
 * command; the libraries ({@code features}, {@code models}) hold the logic.
 */
package io.callwise.jobs;
