/**
 * The launcher: {@link io.callwise.jobs.Callwise}, the one {@code main}, which runs a command and
 * turns failures into one line and an exit code. The sub-packages hold the command line, the
 * runtime, configuration, storage and one job per command; the libraries ({@code features}, {@code
 * models}) hold the logic. Nothing depends on this package.
 */
package io.callwise.jobs;
