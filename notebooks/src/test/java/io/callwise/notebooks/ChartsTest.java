package io.callwise.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChartsTest {

  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  /** Share of the image's pixels that are neither white nor near-white: something was drawn. */
  private static double inked(BufferedImage img) {
    long inked = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (r + g + b < 600) {
          inked++;
        }
      }
    }
    return (double) inked / ((long) img.getWidth() * img.getHeight());
  }

  @Test
  void drawsEachKindOfChartHeadless() {
    BufferedImage lines =
        Charts.lines(
            "t",
            "x",
            "y",
            "0.0",
            "0.0",
            List.of(
                Charts.Line.of("a", new double[] {0, 0.5, 1}, new double[] {0, 0.8, 1}),
                Charts.Line.diagonal("d", 1)));
    BufferedImage bars =
        Charts.bars(
            "t", "x", "y", "0", List.of(new Charts.Bars("n", List.of("a", "b"), List.of(3, 5))));
    BufferedImage heat =
        Charts.heatMap(
            "t",
            "to",
            "from",
            List.of("a", "b"),
            List.of("a", "b"),
            new Double[][] {{0.9, 0.1}, {null, 1.0}});
    BufferedImage waterfall =
        Charts.waterfall(
            "t", "log-odds", "base", -2, List.of("f1", "f2"), new double[] {1.5, -0.5});
    for (BufferedImage img : List.of(lines, bars, heat, waterfall)) {
      assertThat(img.getWidth()).isEqualTo(Charts.WIDTH);
      assertThat(inked(img)).isGreaterThan(0.01);
    }
    // the heat map's dark cells (0.9, 1.0) hold more ink than the light line chart
    assertThat(inked(heat)).isGreaterThan(inked(lines));
  }

  @Test
  void aLineNeedsAsManyYAsXValues() {
    assertThatThrownBy(() -> Charts.Line.of("roc", new double[] {0, 1}, new double[] {0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("roc: 2 x values but 1 y values");
  }
}
