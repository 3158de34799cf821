package org.paylens.measure;

import org.apache.spark.sql.Column;

import static org.apache.spark.sql.functions.*;

/**
 * What the profile measures (coverage, reach, profile depth and profile fidelity of every operator and alliance, for
 * the whole period and per month: metrics/profiles, computed by {@link ConsumerMeasures}) and the other measures by
 * period share: the periods, the unseen category, the depth distribution's quantiles and bins.
 */
public final class ProfileMeasures {
    public static final String ALL = "all";
    /** The category of yen seen without knowing what they bought (neither basket nor merchant). */
    public static final String UNSEEN = "(unseen)";
    /** The quantiles of profile depth kept for box plots: 5th, 25th, 50th, 75th and 95th percentiles. */
    public static final double[] DEPTH_QUANTILES = {0.05, 0.25, 0.5, 0.75, 0.95};
    /** Profile depth histogram: bins of width 1/20, the last one closed ([0.95, 1]). */
    public static final int DEPTH_BINS = 20;

    private ProfileMeasures() {
    }

    /** Every row counts for the whole period and for its month. */
    static Column periods() {
        return explode(array(lit(ALL), col("month")));
    }
}
