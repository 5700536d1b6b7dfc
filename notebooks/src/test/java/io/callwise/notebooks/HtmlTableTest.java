package io.callwise.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTableTest {

  @Test
  void escapesTextAndAlignsNumbers() {
    HtmlTable t =
        HtmlTable.of(
            "a <b> & 'c'",
            List.of("name", "value"),
            List.of(Arrays.asList("<script>", 1234567L), Arrays.asList(null, 0.5)));
    String html = t.html();
    assertThat(html).contains("a &lt;b&gt; &amp; &#39;c&#39;").contains("&lt;script&gt;");
    assertThat(html).doesNotContain("<script>");
    assertThat(html).contains("text-align:right'>1,234,567<").contains("text-align:right'>0.5000<");
  }

  @Test
  void roundsForReadingWithoutHidingSmallOrLargeValues() {
    assertThat(HtmlTable.format(0.12345)).isEqualTo("0.1235");
    assertThat(HtmlTable.format(1234.56)).isEqualTo("1,234.6");
    assertThat(HtmlTable.format(0.00001234)).isEqualTo("1.234e-05");
    assertThat(HtmlTable.format(0.0)).isEqualTo("0.0000");
    assertThat(HtmlTable.format(Double.NaN)).isEqualTo("NaN");
    assertThat(HtmlTable.format(null)).isEmpty();
  }

  @Test
  void saysWhenThereAreNoRows() {
    assertThat(HtmlTable.of("empty", List.of("a"), List.of()).html()).contains("(no rows)");
  }
}
