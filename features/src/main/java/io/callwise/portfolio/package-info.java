/**
 * Views of the whole book for risk analysts: {@link io.callwise.portfolio.PortfolioViews} derives
 * the roll-rate matrix and vintage curves from the month-end snapshots and the DPD engine. A
 * library (no I/O); uses the feature sources and the delinquency engine.
 */
package io.callwise.portfolio;
