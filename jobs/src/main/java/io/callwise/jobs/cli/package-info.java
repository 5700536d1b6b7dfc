/**
 * The command line: one picocli command per {@code callwise} sub-command. A command turns flags and
 * configuration into a job's options (a mistake is a usage error, exit 2, before Spark starts),
 * runs the job and prints its report. No logic of its own beyond that, and the demo and benchmark
 * that chain the jobs.
 */
package io.callwise.jobs.cli;
