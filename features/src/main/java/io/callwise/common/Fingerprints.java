package io.callwise.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Short content fingerprints: the ids of catalogs, models, policies and runs. */
public final class Fingerprints {

  private Fingerprints() {}

  /** The first {@code bytes} bytes of the SHA-256 of {@code text} (UTF-8), as lower-case hex. */
  public static String sha256Hex(String text, int bytes) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
