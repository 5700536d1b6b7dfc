package io.callwise.models;

import java.util.List;

/**
 * How a model is trained: the split, class weights, calibration and the hyper-parameter grids.
 *
 * @param seed seed of the validation split and of every randomized learner
 * @param validationShare share of training-window accounts held out for validation
 * @param ootShare share of the last as-of dates held out as out-of-time test window
 * @param classWeight how rows are weighted by outcome
 * @param calibration how scores become probabilities ({@link Calibration#AUTO}: isotonic when the
 *     validation rows hold at least {@code isotonicMinEvents} events and non-events, else Platt: a
 *     step function fitted on few events ties and reorders the scores)
 * @param isotonicMinEvents events (and non-events) the validation rows need for auto to pick
 *     isotonic
 * @param gbtMaxIter grid of boosting rounds
 * @param gbtMaxDepth grid of tree depths
 * @param gbtStepSize grid of learning rates
 * @param gbtSubsamplingRate share of rows each tree sees
 * @param maxBins bins for continuous features
 * @param logisticRegParam grid of L2/L1 penalties
 * @param logisticElasticNet grid of L1 shares of the penalty
 * @param logisticMaxIter optimizer iterations
 * @param excludeFeatures features and sources left out of training ({@link
 *     io.callwise.features.FeatureCatalog#excluded}), e.g. to measure what a source adds
 */
public record ModelSettings(
    long seed,
    double validationShare,
    double ootShare,
    ClassWeight classWeight,
    Calibration calibration,
    int isotonicMinEvents,
    List<Integer> gbtMaxIter,
    List<Integer> gbtMaxDepth,
    List<Double> gbtStepSize,
    double gbtSubsamplingRate,
    int maxBins,
    List<Double> logisticRegParam,
    List<Double> logisticElasticNet,
    int logisticMaxIter,
    List<String> excludeFeatures) {

  public ModelSettings {
    excludeFeatures = List.copyOf(excludeFeatures);
    if (validationShare <= 0 || validationShare >= 1 || ootShare <= 0 || ootShare >= 1) {
      throw new IllegalArgumentException(
          "callwise.models.validation-share and oot-share must lie strictly between 0 and 1");
    }
    for (List<?> grid :
        List.of(gbtMaxIter, gbtMaxDepth, gbtStepSize, logisticRegParam, logisticElasticNet)) {
      if (grid.isEmpty()) {
        throw new IllegalArgumentException(
            "a hyper-parameter grid under callwise.models is empty. Fix: give at least one value");
      }
    }
  }

  /** These settings with only the first value of each hyper-parameter grid: one fit, no search. */
  public ModelSettings firstPoint() {
    return new ModelSettings(
        seed,
        validationShare,
        ootShare,
        classWeight,
        calibration,
        isotonicMinEvents,
        gbtMaxIter.subList(0, 1),
        gbtMaxDepth.subList(0, 1),
        gbtStepSize.subList(0, 1),
        gbtSubsamplingRate,
        maxBins,
        logisticRegParam.subList(0, 1),
        logisticElasticNet.subList(0, 1),
        logisticMaxIter,
        excludeFeatures);
  }
}
