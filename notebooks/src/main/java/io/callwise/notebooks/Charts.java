package io.callwise.notebooks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The notebooks' charts, drawn headless (XChart) into images the Java kernel shows inline as PNG:
 * lines, bars, a heat map and a waterfall. Every chart takes plain arrays and lists that a view has
 * already aggregated on Spark; none reads a table.
 */
public final class Charts {

  private Charts() {}

  static final int WIDTH = 720;
  static final int HEIGHT = 420;

  /** One line of an x-y chart. */
  public record Line(String name, double[] x, double[] y, boolean dashed) {
    public Line {
      if (x.length != y.length) {
        throw new IllegalArgumentException(
            "line " + name + ": " + x.length + " x values but " + y.length + " y values");
      }
    }

    public static Line of(String name, double[] x, double[] y) {
      return new Line(name, x, y, false);
    }

    /** The diagonal y = x from 0 to {@code max}, dashed: the reference of ROC and calibration. */
    public static Line diagonal(String name, double max) {
      return new Line(name, new double[] {0, max}, new double[] {0, max}, true);
    }
  }

  /** One bar series of a category chart. */
  public record Bars(String name, List<String> categories, List<? extends Number> values) {}

  /** Lines on numeric axes; {@code xPattern} and {@code yPattern} are decimal patterns. */
  public static BufferedImage lines(
      String title,
      String xTitle,
      String yTitle,
      String xPattern,
      String yPattern,
      List<Line> lines) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    style(chart.getStyler());
    chart.getStyler().setXAxisDecimalPattern(xPattern).setYAxisDecimalPattern(yPattern);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    for (Line l : lines) {
      if (l.x().length == 0) {
        continue;
      }
      XYSeries s = chart.addSeries(l.name(), l.x(), l.y());
      s.setMarker(l.x().length <= 24 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
      if (l.dashed()) {
        s.setLineStyle(
            new BasicStroke(
                1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f}, 0f));
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(Color.GRAY);
      }
    }
    return image(chart);
  }

  /** Bars by category, side by side when there are several series. */
  public static BufferedImage bars(
      String title, String xTitle, String yTitle, String yPattern, List<Bars> series) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    style(chart.getStyler());
    chart.getStyler().setYAxisDecimalPattern(yPattern);
    chart.getStyler().setLegendVisible(series.size() > 1);
    int categories = series.isEmpty() ? 0 : series.get(0).categories().size();
    chart.getStyler().setXAxisLabelRotation(categories > 8 ? 45 : 0);
    for (Bars b : series) {
      if (!b.categories().isEmpty()) {
        chart.addSeries(b.name(), b.categories(), b.values());
      }
    }
    return image(chart);
  }

  /**
   * A heat map of {@code values[row][column]} (null for an empty cell), rows listed top to bottom,
   * each cell labelled with its value as a percentage.
   */
  public static BufferedImage heatMap(
      String title,
      String xTitle,
      String yTitle,
      List<String> columns,
      List<String> rows,
      Double[][] values) {
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(WIDTH)
            .height(HEIGHT + 60)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setShowValue(true);
    chart.getStyler().setMin(0);
    chart.getStyler().setMax(1);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisLabelRotation(30);
    chart
        .getStyler()
        .setRangeColors(
            new Color[] {
              new Color(0xf7fbff), new Color(0x9ecae1), new Color(0x4292c6), new Color(0x08306b)
            });
    chart.getStyler().setValueFontColor(new Color(0x202020));
    // The heat map's y axis grows upwards: the first row is drawn at the top.
    List<String> yLabels = new ArrayList<>(rows);
    java.util.Collections.reverse(yLabels);
    List<Number[]> cells = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < columns.size(); c++) {
        Double v = values[r][c];
        if (v != null) {
          cells.add(new Number[] {c, rows.size() - 1 - r, Math.round(v * 1000) / 1000.0});
        }
      }
    }
    chart.addSeries(title, columns, yLabels, cells);
    return image(chart);
  }

  /**
   * A waterfall: from {@code start} each step adds its value (raising steps red, lowering steps
   * blue), ending at the total; {@code labels} name the steps. Drawn as stacked bars over an
   * invisible base, on values shifted to be positive (the axis shows the true values).
   */
  public static BufferedImage waterfall(
      String title,
      String yTitle,
      String startLabel,
      double start,
      List<String> labels,
      double[] steps) {
    List<String> names = new ArrayList<>();
    names.add(startLabel);
    for (String l : labels) {
      names.add(l.length() > 30 ? l.substring(0, 29) + "…" : l);
    }
    names.add("total");
    int n = names.size();
    double[] from = new double[n];
    double[] to = new double[n];
    from[0] = Math.min(0, start);
    to[0] = Math.max(0, start);
    double level = start;
    for (int i = 0; i < steps.length; i++) {
      from[i + 1] = level;
      level += steps[i];
      to[i + 1] = level;
    }
    from[n - 1] = Math.min(0, level);
    to[n - 1] = Math.max(0, level);
    double lowest = 0;
    for (int i = 0; i < n; i++) {
      lowest = Math.min(lowest, Math.min(from[i], to[i]));
    }
    double shift = -lowest;
    List<Double> base = new ArrayList<>();
    List<Double> up = new ArrayList<>();
    List<Double> down = new ArrayList<>();
    List<Double> ends = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double lo = Math.min(from[i], to[i]) + shift;
      double height = Math.abs(to[i] - from[i]);
      boolean end = i == 0 || i == n - 1;
      base.add(lo);
      ends.add(end ? height : 0.0);
      up.add(!end && to[i] >= from[i] ? height : 0.0);
      down.add(!end && to[i] < from[i] ? height : 0.0);
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT + 100)
            .title(title)
            .xAxisTitle("")
            .yAxisTitle(yTitle)
            .build();
    style(chart.getStyler());
    chart.getStyler().setStacked(true);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisLabelRotation(40);
    chart
        .getStyler()
        .setyAxisTickLabelsFormattingFunction(y -> String.format(Locale.ROOT, "%.2f", y - shift));
    chart.addSeries("base", names, base).setFillColor(new Color(0, 0, 0, 0));
    chart.addSeries("ends", names, ends).setFillColor(new Color(0x606060));
    chart.addSeries("raises", names, up).setFillColor(new Color(0xd62728));
    chart.addSeries("lowers", names, down).setFillColor(new Color(0x1f77b4));
    return image(chart);
  }

  private static void style(AxesChartStyler styler) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotGridLinesColor(new Color(0xe6e6e6));
    styler.setLegendBorderColor(Color.WHITE);
    styler.setChartTitleBoxVisible(false);
  }

  private static BufferedImage image(Chart<?, ?> chart) {
    return BitmapEncoder.getBufferedImage(chart);
  }
}
