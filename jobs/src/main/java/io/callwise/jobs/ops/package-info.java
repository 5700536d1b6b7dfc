/**
 * Operations: the run log ({@code ops/runs}): what each command was asked, with which configuration
 * and code, what it read and wrote (Delta versions), how it ended.
 */
package io.callwise.jobs.ops;
