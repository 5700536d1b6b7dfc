package io.callwise.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A value of a vocabulary whose code is its enum name in lower case (a policy reason, an audit
 * rule, a setting), with what it means.
 */
public interface Coded {

  /** The enum constant's name (every enum has it). */
  String name();

  /** What the value means, for documents and reports. */
  String meaning();

  /** The code tables, configuration and reports carry. */
  default String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The value of {@code type} whose code is {@code code}, or a failure naming the configuration
   * {@code key}, the value and the codes allowed.
   */
  static <E extends Enum<E> & Coded> E parse(Class<E> type, String key, String code) {
    E[] values = type.getEnumConstants();
    return Arrays.stream(values)
        .filter(v -> v.code().equals(code))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    key
                        + " = '"
                        + code
                        + "'. Fix: use "
                        + Arrays.stream(values)
                            .map(Coded::code)
                            .collect(Collectors.joining(", "))));
  }
}
