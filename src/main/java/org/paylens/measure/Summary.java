package org.paylens.measure;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.paylens.ingest.IngestCounts;
import org.paylens.pipeline.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;

/**
 * metrics/summary.json: the headline figures of a run. Fields are documented in the README; later versions add
 * fields and never rename them. Holds nothing that depends on the machine or the clock, so one scenario and seed
 * give the same file everywhere.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Summary(String scenario, long seed, Period period, Counts counts, IngestCounts ingest,
                      List<EntityMetrics> operators, List<EntityMetrics> alliances, ConcentrationByUnit concentration,
                      List<Month> monthly, List<Calibration.Result> calibration, List<ConsumerView> consumerViews) {

    /**
     * Who sees one consumer (drawn by hash; truth ids, an evaluation view).
     *
     * @param consumer  the consumer's id in the simulated world
     * @param spendYen  what they spent over the period
     * @param purchases how many purchases
     * @param operators every operator that sees some of it: the share it sees linked to them, and at all
     */
    public record ConsumerView(String consumer, long spendYen, long purchases, List<Seen> operators) {
        public record Seen(String operator, String name, double linkedShare, double seenShare) {
        }
    }

    public record Period(LocalDate start, LocalDate end) {
    }

    /** Accepted (canonical) purchases, their items and yen; consumers simulated. */
    public record Counts(long consumers, long transactions, long basketItems, long spendYen) {
    }

    /** Concentration of linked data across operators, per data unit. */
    public record ConcentrationByUnit(Concentration spend, Concentration items) {
    }

    /** One month: the concentration across operators and every operator's and alliance's measures, unicity within the month. */
    public record Month(String month, ConcentrationByUnit concentration, List<EntityMetrics> operators,
                        List<EntityMetrics> alliances) {
    }

    public String toJson() {
        return Json.write(this);
    }

    public static Summary fromJson(String json) {
        try {
            return Json.read(json, Summary.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read summary.json", e);
        }
    }
}
