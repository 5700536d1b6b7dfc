/**
 * {@code callwise generate}: writes a synthetic book (the {@code synth} library) as a lender's CSV
 * export and its ground truth.
 */
package io.callwise.jobs.generate;
