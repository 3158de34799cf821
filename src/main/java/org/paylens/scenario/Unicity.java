package org.paylens.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Locale;

/**
 * How unicity ε_p is measured (de Montjoye et al. 2015): for a sample of the profiles an operator holds, p points
 * drawn from each profile's trace, and the share of sampled profiles that no other profile of that operator matches.
 *
 * @param sampleSize   profiles sampled per operator or alliance (fewer when it holds fewer)
 * @param maxPoints    ε_p is measured for p = 1 … maxPoints
 * @param coarsenings  the resolutions of a point measured; the first is the one summary.json reports
 */
public record Unicity(Integer sampleSize, Integer maxPoints, List<Coarsening> coarsenings) {
    public static final Unicity DEFAULT = new Unicity(null, null, null);
    public static final int MAX_POINTS = 8;

    public Unicity {
        sampleSize = sampleSize == null ? 2_000 : sampleSize;
        maxPoints = maxPoints == null ? MAX_POINTS : maxPoints;
        coarsenings = coarsenings == null || coarsenings.isEmpty()
                ? List.of(new Coarsening(Place.MERCHANT, Time.DAY, null), new Coarsening(Place.CHAIN, Time.DAY, null),
                new Coarsening(Place.MERCHANT, Time.WEEK, null), new Coarsening(Place.CATEGORY, Time.MONTH, null))
                : List.copyOf(coarsenings);
    }

    /**
     * One resolution of a trace point.
     *
     * @param place       merchant, chain, category (the merchant's main category) or region
     * @param time        day, week or month (Japan time)
     * @param priceBinYen when set, the amount rounded down to a multiple of it is part of the point
     */
    public record Coarsening(Place place, Time time, Integer priceBinYen) {
        public Coarsening {
            place = place == null ? Place.MERCHANT : place;
            time = time == null ? Time.DAY : time;
        }

        /** A short label, e.g. "merchant/day" or "chain/week/¥500". */
        public String label() {
            return place.id() + "/" + time.id() + (priceBinYen == null ? "" : "/¥" + priceBinYen);
        }
    }

    public enum Place {
        @JsonProperty("merchant") MERCHANT,
        @JsonProperty("chain") CHAIN,
        @JsonProperty("category") CATEGORY,
        @JsonProperty("region") REGION;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Time {
        @JsonProperty("day") DAY,
        @JsonProperty("week") WEEK,
        @JsonProperty("month") MONTH;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
