package io.callwise.notebooks;

import java.awt.image.BufferedImage;
import org.rapaio.jupyter.kernel.global.Global;

/**
 * Shows a view's table or chart in the notebook (the Java kernel's display), returning nothing so
 * that a cell prints no value of its own. Outside a kernel (JShell, a test) a table prints as text
 * and a chart as its size.
 */
public final class Show {

  private Show() {}

  public static void table(HtmlTable table) {
    if (!display(table.html())) {
      System.out.print(table);
    }
  }

  /** A fragment of HTML as it is (a report's body, a note); outside a kernel, its source. */
  public static void html(String fragment) {
    if (!display(fragment)) {
      System.out.println(fragment);
    }
  }

  public static void chart(BufferedImage chart) {
    if (!inKernel()) {
      System.out.println("[chart " + chart.getWidth() + "x" + chart.getHeight() + "]");
      return;
    }
    Global.display(chart);
  }

  private static boolean display(String html) {
    if (!inKernel()) {
      return false;
    }
    Global.display("text/html", html);
    return true;
  }

  private static boolean inKernel() {
    try {
      Class.forName("org.rapaio.jupyter.kernel.global.Global", false, Show.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
