/**
 * The feature, label and portfolio jobs: read bronze, call the feature, label and portfolio
 * libraries, write each date's rows in one commit. Uses the storage package for every read and
 * write.
 */
package io.callwise.jobs.features;
