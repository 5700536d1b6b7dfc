package io.callwise.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Recognises columns that carry protected attributes (age, sex, marital status, ethnicity...) by
 * their name, however an export spells it: {@code MARRIAGE}, {@code customer_gender}, {@code
 * DateOfBirth}, {@code birthdate}, {@code age_years}.
 *
 * <p>A name is split into lower-case words at every character that is not a letter or a digit and
 * at every lower-to-upper-case step ({@code DateOfBirth} → date, of, birth). A term of at most four
 * letters ({@code age}, {@code sex}, {@code dob}, {@code race}) matches a whole word only, so
 * {@code page_views} or {@code usage} are not caught; a longer term matches anywhere in the name
 * with its separators removed, so {@code maritalstatus} and {@code borrower_birthdate} are.
 *
 * <p>Recognition decides what is reported as protected; whatever it decides, callwise stores no
 * value of a column outside the contract, so a name the list misses is still never stored.
 */
public final class ProtectedColumns {

  /** The terms used when the configuration gives none (callwise.ingest.protected-columns). */
  public static final List<String> DEFAULT_TERMS =
      List.of(
          "age",
          "age_years",
          "sex",
          "sexual",
          "gender",
          "dob",
          "birth",
          "birthdate",
          "marital",
          "marriage",
          "married",
          "spouse",
          "race",
          "racial",
          "ethnic",
          "religion",
          "religious",
          "nationality",
          "citizenship",
          "national_origin",
          "disability",
          "disabled",
          "pregnan",
          "orientation",
          "education");

  public static final ProtectedColumns DEFAULT = new ProtectedColumns(DEFAULT_TERMS);

  private static final int WHOLE_WORD_MAX_LENGTH = 4;

  private final List<String> wholeWords = new ArrayList<>();
  private final List<String> fragments = new ArrayList<>();
  private final List<String> terms;

  /**
   * @param terms lower-case terms; separators in a term ({@code age_years}) are ignored for
   *     fragments and make a multi-word term match those words in sequence
   */
  public ProtectedColumns(List<String> terms) {
    Objects.requireNonNull(terms, "terms");
    this.terms = List.copyOf(terms);
    for (String t : terms) {
      String squeezed = squeeze(t);
      if (squeezed.isEmpty()) {
        throw new IllegalArgumentException(
            "callwise.ingest.protected-columns: '" + t + "' has no letter or digit");
      }
      if (squeezed.length() <= WHOLE_WORD_MAX_LENGTH) {
        wholeWords.add(String.join(" ", words(t)));
      } else {
        fragments.add(squeezed);
      }
    }
  }

  public List<String> terms() {
    return terms;
  }

  /** Whether {@code column} looks like a protected attribute. */
  public boolean isProtected(String column) {
    return matchingTerm(column).isPresent();
  }

  /** The term that makes {@code column} protected, if any. */
  public Optional<String> matchingTerm(String column) {
    String squeezed = squeeze(column);
    for (String f : fragments) {
      if (squeezed.contains(f)) {
        return Optional.of(f);
      }
    }
    String joined = " " + String.join(" ", words(column)) + " ";
    for (String w : wholeWords) {
      if (joined.contains(" " + w + " ")) {
        return Optional.of(w);
      }
    }
    return Optional.empty();
  }

  /** Lower-case words of a name: split at non-alphanumerics and at lower-to-upper steps. */
  static List<String> words(String name) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char previous = 0;
    for (char c : name.toCharArray()) {
      boolean alnum = Character.isLetterOrDigit(c);
      boolean step =
          alnum && Character.isUpperCase(c) && previous != 0 && Character.isLowerCase(previous);
      if (!alnum || step) {
        if (current.length() > 0) {
          out.add(current.toString().toLowerCase(Locale.ROOT));
          current.setLength(0);
        }
      }
      if (alnum) {
        current.append(c);
      }
      previous = alnum ? c : 0;
    }
    if (current.length() > 0) {
      out.add(current.toString().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static String squeeze(String name) {
    return String.join("", words(name));
  }
}
