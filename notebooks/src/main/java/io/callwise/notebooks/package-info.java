/**
 * What the risk analysts' notebooks call: {@link io.callwise.notebooks.Notebook} opens a session on
 * a storage root; {@link io.callwise.notebooks.BookView}, {@link io.callwise.notebooks.ModelView}
 * and {@link io.callwise.notebooks.DecisionView} aggregate the lake's tables on Spark (through
 * callwise's declared tables and model registry) and bring only aggregates to the notebook; {@link
 * io.callwise.notebooks.Charts} and {@link io.callwise.notebooks.HtmlTable} draw them, and {@link
 * io.callwise.notebooks.Show} puts them in the notebook. May use every callwise module; nothing
 * uses it.
 */
package io.callwise.notebooks;
