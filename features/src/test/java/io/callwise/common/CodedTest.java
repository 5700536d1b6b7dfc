package io.callwise.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CodedTest {

  enum Colour implements Coded {
    DARK_RED,
    GREEN;

    @Override
    public String meaning() {
      return "a colour";
    }
  }

  @Test
  void aCodeIsTheNameInLowerCaseAndParsesBack() {
    assertThat(Colour.DARK_RED.code()).isEqualTo("dark_red");
    assertThat(Coded.parse(Colour.class, "paint.colour", "green")).isEqualTo(Colour.GREEN);
  }

  @Test
  void anUnknownCodeNamesTheKeyTheValueAndTheChoices() {
    assertThatThrownBy(() -> Coded.parse(Colour.class, "paint.colour", "GREEN"))
        .hasMessage("paint.colour = 'GREEN'. Fix: use dark_red, green");
  }
}
