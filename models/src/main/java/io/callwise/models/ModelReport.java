package io.callwise.models;

import io.callwise.models.ModelEvaluation.Evaluation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model report: one self-contained HTML page per model version (inline SVG charts, no scripts
 * or external assets) — ROC, KS curve, calibration before and after, score distribution by outcome,
 * lift by decile, feature importance, PSI, AUC by segment, the hyper-parameter search and the
 * training metadata.
 */
public final class ModelReport {

  private ModelReport() {}

  /** What the report says about how the model was made. */
  public record Context(
      String labelDescription,
      TimeSplit split,
      long trainRows,
      long validationRows,
      long outOfTimeRows,
      String createdAt,
      List<ModelTrainer.SearchResult> search,
      List<String> excludedFeatures,
      double trainingSeconds) {}

  public static String render(DelinquencyModel.Spec spec, Evaluation e, Context c) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>")
        .append(esc(spec.modelId()))
        .append("</title><style>")
        .append("body{font-family:sans-serif;margin:24px;max-width:1400px;color:#222}")
        .append("table{border-collapse:collapse;margin:8px 0 18px}")
        .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
        .append("th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}")
        .append(".charts{display:flex;flex-wrap:wrap;gap:12px}")
        .append(".charts svg{border:1px solid #ddd;background:#fff}")
        .append("</style></head><body>");
    b.append("<h1>").append(esc(spec.modelId())).append("</h1>");
    b.append("<p>")
        .append(esc(spec.label()))
        .append(": ")
        .append(esc(c.labelDescription()))
        .append("<br>Family ")
        .append(spec.family().id())
        .append(", calibration ")
        .append(spec.calibration())
        .append(", created ")
        .append(esc(c.createdAt()))
        .append(".</p>");

    Map<String, Double> m = e.metrics();
    b.append("<h2>Metrics</h2><table><tr><th>metric</th><th>value</th></tr>");
    m.forEach((k, v) -> b.append(row(k, fmt(v))));
    b.append("</table>");

    b.append("<h2>Out-of-time performance</h2><div class='charts'>");
    b.append(rocChart(e)).append(ksChart(e));
    b.append(calibrationChart("Calibration after (calibrated PD)", "#54a24b", e.deciles()));
    b.append(
        calibrationChart("Before calibration (class-weighted model)", "#f58518", e.decilesRaw()));
    b.append(histogramChart(e)).append(liftChart(e));
    b.append("</div>");

    b.append("<h3>Deciles (calibrated PD, decile 1 = highest risk)</h3>");
    b.append(
        "<table><tr><th>decile</th><th>rows</th><th>events</th><th>min PD</th><th>max PD</th>"
            + "<th>mean PD</th><th>event rate</th><th>lift</th><th>cumulative capture</th></tr>");
    for (ScoreMetrics.Decile d : e.deciles()) {
      b.append("<tr><td>")
          .append(d.decile())
          .append("</td><td>")
          .append(d.rows())
          .append("</td><td>")
          .append(d.events())
          .append("</td><td>")
          .append(fmt(d.minScore()))
          .append("</td><td>")
          .append(fmt(d.maxScore()))
          .append("</td><td>")
          .append(fmt(d.meanScore()))
          .append("</td><td>")
          .append(fmt(d.eventRate()))
          .append("</td><td>")
          .append(fmt(d.lift()))
          .append("</td><td>")
          .append(fmt(d.cumulativeCapture()))
          .append("</td></tr>");
    }
    b.append("</table>");

    b.append("<h3>Calibration by decile: before (raw) and after</h3>");
    b.append(
        "<table><tr><th>decile</th><th>raw mean PD</th><th>raw event rate</th>"
            + "<th>calibrated mean PD</th><th>event rate</th></tr>");
    for (int i = 0; i < Math.max(e.deciles().size(), e.decilesRaw().size()); i++) {
      ScoreMetrics.Decile r = i < e.decilesRaw().size() ? e.decilesRaw().get(i) : null;
      ScoreMetrics.Decile d = i < e.deciles().size() ? e.deciles().get(i) : null;
      b.append("<tr><td>")
          .append(i + 1)
          .append("</td><td>")
          .append(r == null ? "" : fmt(r.meanScore()))
          .append("</td><td>")
          .append(r == null ? "" : fmt(r.eventRate()))
          .append("</td><td>")
          .append(d == null ? "" : fmt(d.meanScore()))
          .append("</td><td>")
          .append(d == null ? "" : fmt(d.eventRate()))
          .append("</td></tr>");
    }
    b.append("</table>");

    b.append("<h3>Score stability (PSI, training → out-of-time, bins = training deciles)</h3>");
    b.append(
        "<table><tr><th>bin</th><th>lowest training PD</th><th>training share</th>"
            + "<th>out-of-time share</th><th>PSI term</th></tr>");
    for (ScoreMetrics.PsiBin p : e.psi()) {
      b.append("<tr><td>")
          .append(p.bin())
          .append("</td><td>")
          .append(fmt(p.lowerBound()))
          .append("</td><td>")
          .append(fmt(p.expectedShare()))
          .append("</td><td>")
          .append(fmt(p.actualShare()))
          .append("</td><td>")
          .append(fmt(p.contribution()))
          .append("</td></tr>");
    }
    b.append("<tr><th>total</th><th></th><th></th><th></th><th>")
        .append(fmt(e.scorePsi()))
        .append("</th></tr></table>");

    b.append("<h3>AUC by segment (out of time)</h3>");
    b.append(
        "<table><tr><th>segment</th><th>value</th><th>rows</th><th>events</th><th>AUC</th></tr>");
    for (ScoreMetrics.SegmentAuc s : e.segments()) {
      b.append("<tr><td>")
          .append(esc(s.segment()))
          .append("</td><td>")
          .append(esc(s.value()))
          .append("</td><td>")
          .append(s.rows())
          .append("</td><td>")
          .append(s.events())
          .append("</td><td>")
          .append(s.auc() == null ? "n/a (one outcome only)" : fmt(s.auc()))
          .append("</td></tr>");
    }
    b.append("</table>");

    b.append("<h2>Feature importance</h2>");
    List<SvgCharts.Bar> imp = new ArrayList<>();
    for (ModelEvaluation.Importance i :
        e.importance().subList(0, Math.min(25, e.importance().size()))) {
      imp.add(new SvgCharts.Bar(i.feature(), i.meanAbsContribution()));
    }
    b.append(
        SvgCharts.horizontalBars(
            "Mean |contribution| to the log-odds (top 25, out-of-time sample)",
            spec.family() != DelinquencyModel.Family.LOGISTIC
                ? "TreeSHAP, log-odds"
                : "coefficient × (value − training mean), log-odds",
            imp,
            "#4c78a8"));

    b.append("<h2>Training</h2><table><tr><th>item</th><th>value</th></tr>");
    b.append(row("training dates", dates(c.split().train())));
    b.append(row("purged dates (horizon overlaps out-of-time)", dates(c.split().purged())));
    b.append(row("out-of-time dates", dates(c.split().outOfTime())));
    b.append(row("training rows", String.valueOf(c.trainRows())));
    b.append(row("validation rows (held-out accounts)", String.valueOf(c.validationRows())));
    b.append(row("out-of-time rows", String.valueOf(c.outOfTimeRows())));
    b.append(row("feature catalog version", spec.featureCatalogVersion()));
    b.append(row("feature schema hash", spec.featureSchemaHash()));
    b.append(
        row(
            "input features",
            spec.numeric().size() + " numeric, " + spec.categorical().size() + " categorical"));
    b.append(
        row(
            "left out (no value in the training rows, or callwise.models.exclude-features)",
            c.excludedFeatures().isEmpty() ? "none" : String.join(", ", c.excludedFeatures())));
    spec.params().forEach((k, v) -> b.append(row("parameter " + k, v)));
    b.append(row("training time", String.format(Locale.ROOT, "%.1f s", c.trainingSeconds())));
    b.append("</table>");

    b.append("<h3>Hyper-parameter search (validation AUC)</h3><table><tr><th>parameters</th>")
        .append("<th>validation AUC</th><th>fit + score, s</th></tr>");
    for (ModelTrainer.SearchResult s : c.search()) {
      b.append("<tr><td>")
          .append(esc(s.params().toString()))
          .append("</td><td>")
          .append(fmt(s.validationAuc()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.1f", s.seconds()))
          .append("</td></tr>");
    }
    b.append("</table></body></html>\n");
    return b.toString();
  }

  private static String rocChart(Evaluation e) {
    int n = e.roc().size();
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = e.roc().get(i).fpr();
      y[i] = e.roc().get(i).tpr();
    }
    return SvgCharts.lines(
        String.format(Locale.ROOT, "ROC (AUC %.3f)", e.outOfTime().auc()),
        "false positive rate",
        "true positive rate",
        0,
        1,
        0,
        1,
        List.of(
            new SvgCharts.Series("model", "#4c78a8", x, y, false, false),
            new SvgCharts.Series(
                "random", "#999", new double[] {0, 1}, new double[] {0, 1}, true, false)));
  }

  private static String ksChart(Evaluation e) {
    int n = e.roc().size();
    double[] share = new double[n];
    double[] tpr = new double[n];
    double[] fpr = new double[n];
    for (int i = 0; i < n; i++) {
      share[i] = e.roc().get(i).share();
      tpr[i] = e.roc().get(i).tpr();
      fpr[i] = e.roc().get(i).fpr();
    }
    return SvgCharts.lines(
        String.format(Locale.ROOT, "KS curve (KS %.3f)", e.outOfTime().ks()),
        "share of accounts, highest PD first",
        "cumulative share",
        0,
        1,
        0,
        1,
        List.of(
            new SvgCharts.Series("events", "#e45756", share, tpr, false, false),
            new SvgCharts.Series("non-events", "#4c78a8", share, fpr, false, false)));
  }

  /** Predicted vs observed by decile, on axes fitted to this score (raw PDs are weighted). */
  private static String calibrationChart(
      String title, String color, List<ScoreMetrics.Decile> deciles) {
    double max = 0;
    for (ScoreMetrics.Decile d : deciles) {
      max = Math.max(max, Math.max(d.meanScore(), d.eventRate()));
    }
    max = Math.min(1, max * 1.1 + 1e-6);
    return SvgCharts.lines(
        title,
        "mean predicted PD",
        "observed event rate",
        0,
        max,
        0,
        max,
        List.of(
            decileSeries("deciles", color, deciles),
            new SvgCharts.Series(
                "perfect", "#999", new double[] {0, max}, new double[] {0, max}, true, false)));
  }

  private static SvgCharts.Series decileSeries(
      String name, String color, List<ScoreMetrics.Decile> deciles) {
    double[] x = deciles.stream().mapToDouble(ScoreMetrics.Decile::meanScore).toArray();
    double[] y = deciles.stream().mapToDouble(ScoreMetrics.Decile::eventRate).toArray();
    return new SvgCharts.Series(name, color, x, y, false, true);
  }

  private static String histogramChart(Evaluation e) {
    ModelEvaluation.Histogram h = e.histogram();
    double max = 0;
    for (int i = 0; i < h.lowerLog10().length; i++) {
      max = Math.max(max, Math.max(h.eventShare()[i], h.nonEventShare()[i]));
    }
    double step = h.lowerLog10().length > 1 ? h.lowerLog10()[1] - h.lowerLog10()[0] : 1;
    double[] mid = new double[h.lowerLog10().length];
    for (int i = 0; i < mid.length; i++) {
      mid[i] = h.lowerLog10()[i] + step / 2;
    }
    return SvgCharts.lines(
        "Score distribution by outcome",
        "log10(PD)",
        "share of the outcome's accounts",
        -4,
        0,
        0,
        Math.max(max * 1.1, 1e-6),
        List.of(
            new SvgCharts.Series("events", "#e45756", mid, h.eventShare(), false, true),
            new SvgCharts.Series("non-events", "#4c78a8", mid, h.nonEventShare(), false, true)));
  }

  private static String liftChart(Evaluation e) {
    List<SvgCharts.Bar> bars = new ArrayList<>();
    for (ScoreMetrics.Decile d : e.deciles()) {
      bars.add(new SvgCharts.Bar(String.valueOf(d.decile()), d.lift()));
    }
    return SvgCharts.bars(
        "Lift by decile", "decile (1 = highest PD)", "event rate ÷ overall rate", bars, "#72b7b2");
  }

  private static String dates(List<LocalDate> dates) {
    if (dates.isEmpty()) {
      return "none";
    }
    return dates.size() <= 3
        ? dates.toString()
        : dates.get(0) + " .. " + dates.get(dates.size() - 1) + " (" + dates.size() + " dates)";
  }

  private static String row(String k, String v) {
    return "<tr><td>" + esc(k) + "</td><td>" + esc(v) + "</td></tr>";
  }

  static String fmt(Double v) {
    if (v == null) {
      return "n/a";
    }
    if (v == Math.rint(v) && Math.abs(v) > 1) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, Math.abs(v) < 0.01 && v != 0 ? "%.5f" : "%.4f", v);
  }

  private static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
