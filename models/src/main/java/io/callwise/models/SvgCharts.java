package io.callwise.models;

import java.util.List;
import java.util.Locale;

/** Small self-contained SVG charts (no scripts, no external assets) for the model report. */
public final class SvgCharts {

  private SvgCharts() {}

  static final int W = 440;
  static final int H = 300;
  static final int LEFT = 56;
  static final int RIGHT = 16;
  static final int TOP = 30;
  static final int BOTTOM = 44;

  /** A named series of points, drawn as a line (or markers only). */
  public record Series(
      String name, String color, double[] x, double[] y, boolean dashed, boolean dots) {}

  record Bar(String label, double value) {}

  private static String n(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String tick(double v) {
    if (Math.abs(v) >= 100 || v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, Math.abs(v) < 0.1 ? "%.3f" : "%.2f", v);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static StringBuilder frame(String title, String xLabel, String yLabel) {
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns='http://www.w3.org/2000/svg' width='")
        .append(W)
        .append("' height='")
        .append(H)
        .append("' viewBox='0 0 ")
        .append(W)
        .append(' ')
        .append(H)
        .append("' font-family='sans-serif' font-size='11'>");
    b.append("<text x='")
        .append(W / 2)
        .append("' y='16' text-anchor='middle' font-size='13' font-weight='bold'>")
        .append(esc(title))
        .append("</text>");
    b.append("<text x='")
        .append(LEFT + (W - LEFT - RIGHT) / 2)
        .append("' y='")
        .append(H - 6)
        .append("' text-anchor='middle'>")
        .append(esc(xLabel))
        .append("</text>");
    b.append("<text transform='translate(12,")
        .append(TOP + (H - TOP - BOTTOM) / 2)
        .append(") rotate(-90)' text-anchor='middle'>")
        .append(esc(yLabel))
        .append("</text>");
    return b;
  }

  private static void axes(
      StringBuilder b, double x0, double x1, double y0, double y1, boolean xTicks) {
    int pw = W - LEFT - RIGHT;
    int ph = H - TOP - BOTTOM;
    b.append("<rect x='")
        .append(LEFT)
        .append("' y='")
        .append(TOP)
        .append("' width='")
        .append(pw)
        .append("' height='")
        .append(ph)
        .append("' fill='none' stroke='#888'/>");
    for (int i = 0; i <= 4; i++) {
      double yv = y0 + (y1 - y0) * i / 4;
      double py = TOP + ph - ph * i / 4.0;
      b.append("<line x1='")
          .append(LEFT)
          .append("' x2='")
          .append(LEFT + pw)
          .append("' y1='")
          .append(n(py))
          .append("' y2='")
          .append(n(py))
          .append("' stroke='#eee'/>");
      b.append("<text x='")
          .append(LEFT - 4)
          .append("' y='")
          .append(n(py + 4))
          .append("' text-anchor='end'>")
          .append(tick(yv))
          .append("</text>");
      if (xTicks) {
        double xv = x0 + (x1 - x0) * i / 4;
        double px = LEFT + pw * i / 4.0;
        b.append("<text x='")
            .append(n(px))
            .append("' y='")
            .append(TOP + ph + 14)
            .append("' text-anchor='middle'>")
            .append(tick(xv))
            .append("</text>");
      }
    }
  }

  public static String lines(
      String title,
      String xLabel,
      String yLabel,
      double x0,
      double x1,
      double y0,
      double y1,
      List<Series> series) {
    StringBuilder b = frame(title, xLabel, yLabel);
    axes(b, x0, x1, y0, y1, true);
    int pw = W - LEFT - RIGHT;
    int ph = H - TOP - BOTTOM;
    int legendY = TOP + 14;
    for (Series s : series) {
      StringBuilder pts = new StringBuilder();
      for (int i = 0; i < s.x().length; i++) {
        double px = LEFT + pw * (clamp(s.x()[i], x0, x1) - x0) / (x1 - x0);
        double py = TOP + ph - ph * (clamp(s.y()[i], y0, y1) - y0) / (y1 - y0);
        pts.append(n(px)).append(',').append(n(py)).append(' ');
        if (s.dots()) {
          b.append("<circle cx='")
              .append(n(px))
              .append("' cy='")
              .append(n(py))
              .append("' r='3' fill='")
              .append(s.color())
              .append("'/>");
        }
      }
      b.append("<polyline fill='none' stroke='")
          .append(s.color())
          .append("' stroke-width='2'")
          .append(s.dashed() ? " stroke-dasharray='5,4'" : "")
          .append(" points='")
          .append(pts.toString().trim())
          .append("'/>");
      b.append("<line x1='")
          .append(LEFT + 10)
          .append("' x2='")
          .append(LEFT + 28)
          .append("' y1='")
          .append(legendY - 4)
          .append("' y2='")
          .append(legendY - 4)
          .append("' stroke='")
          .append(s.color())
          .append("' stroke-width='2'")
          .append(s.dashed() ? " stroke-dasharray='5,4'" : "")
          .append("/><text x='")
          .append(LEFT + 32)
          .append("' y='")
          .append(legendY)
          .append("'>")
          .append(esc(s.name()))
          .append("</text>");
      legendY += 14;
    }
    return b.append("</svg>").toString();
  }

  /** Vertical bars, one per label, with the value printed above each. */
  static String bars(String title, String xLabel, String yLabel, List<Bar> bars, String color) {
    double max = bars.stream().mapToDouble(Bar::value).max().orElse(1);
    max = max <= 0 ? 1 : max * 1.1;
    StringBuilder b = frame(title, xLabel, yLabel);
    axes(b, 0, 1, 0, max, false);
    int pw = W - LEFT - RIGHT;
    int ph = H - TOP - BOTTOM;
    double slot = (double) pw / bars.size();
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      double h = ph * Math.max(0, bar.value()) / max;
      double x = LEFT + slot * i + slot * 0.15;
      b.append("<rect x='")
          .append(n(x))
          .append("' y='")
          .append(n(TOP + ph - h))
          .append("' width='")
          .append(n(slot * 0.7))
          .append("' height='")
          .append(n(h))
          .append("' fill='")
          .append(color)
          .append("'/>");
      b.append("<text x='")
          .append(n(x + slot * 0.35))
          .append("' y='")
          .append(TOP + ph + 14)
          .append("' text-anchor='middle'>")
          .append(esc(bar.label()))
          .append("</text>");
      b.append("<text x='")
          .append(n(x + slot * 0.35))
          .append("' y='")
          .append(n(TOP + ph - h - 3))
          .append("' text-anchor='middle' font-size='9'>")
          .append(tick(bar.value()))
          .append("</text>");
    }
    return b.append("</svg>").toString();
  }

  /** Horizontal bars with their labels on the left (feature importance). */
  static String horizontalBars(String title, String xLabel, List<Bar> bars, String color) {
    int rowH = 16;
    int labelW = 220;
    int width = 640;
    int height = TOP + rowH * bars.size() + 30;
    double max = bars.stream().mapToDouble(Bar::value).max().orElse(1);
    max = max <= 0 ? 1 : max;
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns='http://www.w3.org/2000/svg' width='")
        .append(width)
        .append("' height='")
        .append(height)
        .append("' font-family='sans-serif' font-size='11'>");
    b.append("<text x='")
        .append(width / 2)
        .append("' y='16' text-anchor='middle' font-size='13' font-weight='bold'>")
        .append(esc(title))
        .append("</text>");
    int barSpace = width - labelW - 70;
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      int y = TOP + i * rowH;
      double w = barSpace * bar.value() / max;
      b.append("<text x='")
          .append(labelW - 6)
          .append("' y='")
          .append(y + 11)
          .append("' text-anchor='end'>")
          .append(esc(bar.label()))
          .append("</text><rect x='")
          .append(labelW)
          .append("' y='")
          .append(y + 2)
          .append("' width='")
          .append(n(w))
          .append("' height='")
          .append(rowH - 4)
          .append("' fill='")
          .append(color)
          .append("'/><text x='")
          .append(n(labelW + w + 4))
          .append("' y='")
          .append(y + 11)
          .append("'>")
          .append(tick(bar.value()))
          .append("</text>");
    }
    b.append("<text x='")
        .append(labelW + barSpace / 2)
        .append("' y='")
        .append(height - 6)
        .append("' text-anchor='middle'>")
        .append(esc(xLabel))
        .append("</text>");
    return b.append("</svg>").toString();
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
