package io.callwise.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The HTML report of a treatment-effect model: its curves, deciles and arm calibration. */
public final class UpliftReport {

  private UpliftReport() {}

  /** What the report says about the training beyond the evaluation. */
  public record Context(
      String outcomeDescription,
      TimeSplit split,
      long trainRows,
      long validationRows,
      long outOfTimeRows,
      String createdAt,
      List<String> excludedFeatures,
      double trainingSeconds,
      java.util.Map<String, Double> propensityAuc) {}

  public static String render(UpliftModel.Spec spec, UpliftMetrics.Evaluation e, Context c) {
    StringBuilder b = new StringBuilder();
    b.append("<!doctype html><html><head><meta charset='utf-8'><title>")
        .append(spec.modelId())
        .append("</title><style>body{font-family:sans-serif;max-width:980px;margin:2em auto}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;")
        .append("text-align:right}th{background:#f4f4f4}</style></head><body>");
    b.append("<h1>Treatment-effect model ").append(spec.modelId()).append("</h1>");
    b.append("<p>Outcome <b>")
        .append(spec.outcome())
        .append("</b>: ")
        .append(esc(c.outcomeDescription()))
        .append("<br>Estimator <b>")
        .append(spec.estimator())
        .append("</b> on ")
        .append(spec.family())
        .append(" classifiers, ")
        .append(spec.features().size())
        .append(" features; trained ")
        .append(c.createdAt())
        .append(String.format(Locale.ROOT, " in %.0f s.", c.trainingSeconds()))
        .append("<br>Training dates ")
        .append(span(c.split().train()))
        .append(", out of time ")
        .append(span(c.split().outOfTime()))
        .append(
            String.format(
                Locale.ROOT,
                "; rows: %,d training, %,d validation, %,d out of time.</p>",
                c.trainRows(),
                c.validationRows(),
                c.outOfTimeRows()));
    b.append(
        "<p>What the model and its metrics assume: the treatment a past account received depended"
            + " only on what its features record (no hidden reason both to call and to expect"
            + " payment), and every treatment had a chance for accounts like those scored. The"
            + " history's policy is not at random across accounts (the synthetic book's calls long"
            + " and large debts far more often), so each contrast's rows are weighted by the"
            + " inverse of the chance, fitted from the features, of the arm they got; rows with a"
            + " chance below "
            + Propensity.TRIM
            + " or above "
            + (1 - Propensity.TRIM)
            + " are left out. With a history that followed a deterministic policy neither"
            + " assumption holds: measure on randomized decisions.</p>");
    for (UpliftMetrics.Contrast k : e.contrasts()) {
      b.append("<h2>").append(k.name().replace('_', ' ')).append("</h2>");
      b.append(
          String.format(
              Locale.ROOT,
              "<p>%,d out-of-time rows. Observed effect %.4f, mean predicted %.4f. AUUC %.5f"
                  + " (95%% interval %.5f .. %.5f) against %.5f for a random ranking; Qini"
                  + " coefficient %.5f (%.5f .. %.5f).</p>",
              k.rows(),
              k.observedEffect(),
              k.predictedEffect(),
              k.auuc(),
              k.auucLow(),
              k.auucHigh(),
              k.auucRandom(),
              k.qini(),
              k.qiniLow(),
              k.qiniHigh()));
      Double auc = c.propensityAuc().get(k.name());
      b.append(
          k.weighted()
              ? String.format(
                  Locale.ROOT,
                  "<p>Weighted by the inverse propensity (validation AUC of the propensity %s);"
                      + " %,d rows left out for a propensity near 0 or 1.</p>",
                  auc == null ? "–" : String.format(Locale.ROOT, "%.3f", auc),
                  k.trimmed())
              : "<p>Not weighted: the arms are compared as logged (no propensity could be"
                  + " fitted).</p>");
      if (!k.upliftCurve().isEmpty()) {
        List<SvgCharts.Series> series = new ArrayList<>();
        series.add(series("model", "#1f77b4", k.upliftCurve(), false));
        UpliftMetrics.Point end = k.upliftCurve().get(k.upliftCurve().size() - 1);
        series.add(
            new SvgCharts.Series(
                "random",
                "#999999",
                new double[] {0, 1},
                new double[] {0, end.value()},
                true,
                false));
        double lo =
            Math.min(0, k.upliftCurve().stream().mapToDouble(p -> p.value()).min().orElse(0));
        double hi =
            Math.max(1e-6, k.upliftCurve().stream().mapToDouble(p -> p.value()).max().orElse(0));
        b.append(
            SvgCharts.lines(
                "Uplift curve: incremental events per account",
                "share of accounts, highest predicted effect first",
                "incremental events ÷ accounts",
                0,
                1,
                lo,
                hi * 1.1,
                series));
      }
      b.append("<table><tr><th>decile</th><th>treated</th><th>control</th>")
          .append("<th>mean predicted effect</th><th>observed effect</th></tr>");
      for (UpliftMetrics.Decile d : k.deciles()) {
        b.append(
            String.format(
                Locale.ROOT,
                "<tr><td>%d</td><td>%,d</td><td>%,d</td><td>%.4f</td><td>%s</td></tr>",
                d.decile(),
                d.treated(),
                d.control(),
                d.predicted(),
                d.observed() == null ? "–" : String.format(Locale.ROOT, "%.4f", d.observed())));
      }
      b.append("</table>");
    }
    b.append("<h2>Calibration of each arm (rows that received it)</h2><table>");
    b.append("<tr><th>arm</th><th>rows</th><th>mean predicted</th><th>observed rate</th></tr>");
    for (UpliftMetrics.ArmCalibration a : e.calibration()) {
      b.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%s</td><td>%,d</td><td>%.4f</td><td>%.4f</td></tr>",
              a.arm(),
              a.rows(),
              a.meanPredicted(),
              a.observedRate()));
    }
    b.append("</table>");
    if (!c.excludedFeatures().isEmpty()) {
      b.append("<p>Features left out: ")
          .append(esc(String.join(", ", c.excludedFeatures())))
          .append("</p>");
    }
    b.append("</body></html>\n");
    return b.toString();
  }

  private static SvgCharts.Series series(
      String name, String color, List<UpliftMetrics.Point> points, boolean dashed) {
    double[] x = points.stream().mapToDouble(UpliftMetrics.Point::share).toArray();
    double[] y = points.stream().mapToDouble(UpliftMetrics.Point::value).toArray();
    return new SvgCharts.Series(name, color, x, y, dashed, false);
  }

  private static String span(List<java.time.LocalDate> dates) {
    return dates.isEmpty() ? "none" : dates.get(0) + " .. " + dates.get(dates.size() - 1);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
