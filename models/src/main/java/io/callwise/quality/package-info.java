/**
 * What a night's data must look like before its decisions are published: the distribution a model
 * was trained on ({@link io.callwise.quality.DriftBaseline}), population stability against it, the
 * declared value ranges of the features, and the thresholds that turn a measure into a warning or
 * an error ({@link io.callwise.quality.Threshold}).
 */
package io.callwise.quality;
