package io.callwise.models;

/** The feature table a model is asked to score does not have the features it was trained on. */
public final class FeatureSchemaMismatchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public FeatureSchemaMismatchException(String message) {
    super(message);
  }
}
