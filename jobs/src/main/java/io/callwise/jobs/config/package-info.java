/**
 * The configuration: {@code conf/callwise.conf} defaults, a file, {@code --conf} overrides and
 * flags, resolved in that order by {@link io.callwise.jobs.config.CallwiseConfig}, unknown keys
 * refused, secrets masked when shown.
 */
package io.callwise.jobs.config;
