package org.paylens.generate;

import org.apache.spark.sql.Column;
import org.paylens.scenario.Population;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.SchemeKind;
import org.paylens.scenario.SchemeSpec;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/**
 * Which schemes a consumer holds and from which day, as column expressions over a row that has the consumer's
 * attributes (consumer_id, age_band, bank, card_holder). Everything is drawn from the consumer's own hashes, so
 * the consumers table and every purchase agree without a join.
 */
final class Holdings {
    /** A day before any simulated day, for schemes adopted before the period. */
    static final LocalDate LONG_AGO = LocalDate.of(1970, 1, 1);

    private final Scenario scenario;
    private final Randomness random;
    private final Column walletAffinity;

    Holdings(Scenario scenario, Randomness random) {
        this.scenario = scenario;
        this.random = random;
        this.walletAffinity = normalisedAffinity(scenario.population().ageBands());
    }

    /** walletAffinity of the consumer's age band, divided by its population-weighted mean (so adoption keeps its mean). */
    private static Column normalisedAffinity(Map<String, Population.AgeBand> bands) {
        double mean = bands.values().stream().mapToDouble(b -> b.share() * b.walletAffinity()).sum();
        Column affinity = null;
        for (Map.Entry<String, Population.AgeBand> band : bands.entrySet()) {
            Column value = lit(band.getValue().walletAffinity() / mean);
            Column condition = col("age_band").equalTo(band.getKey());
            affinity = affinity == null ? when(condition, value) : affinity.when(condition, value);
        }
        return affinity.otherwise(lit(1.0));
    }

    /** True if the consumer takes the scheme up at some point (before any migration). */
    Column adopts(String id) {
        SchemeSpec scheme = scenario.schemes().get(id);
        Column consumer = col("consumer_id");
        Column draw = random.uniform("adopt:" + id, consumer);
        Column adopts;
        if (scheme.kind() == SchemeKind.CASH) {
            adopts = lit(true);
        } else if (scheme.kind() == SchemeKind.CARD) {
            adopts = col("card_holder").and(draw.lt(scheme.adoption()));
        } else {
            adopts = draw.lt(least(lit(1.0), walletAffinity.multiply(scheme.adoption())));
        }
        if (!scheme.banks().isEmpty()) {
            adopts = adopts.and(col("bank").isin(scheme.banks().toArray()));
        }
        return adopts;
    }

    /** The day the consumer takes it up: launch plus an even draw over rampDays. */
    Column adoptionDay(String id) {
        SchemeSpec scheme = scenario.schemes().get(id);
        if (scheme.launch() == null) {
            return lit(Date.valueOf(LONG_AGO));
        }
        Column offset = floor(random.uniform("adopt_day:" + id, col("consumer_id")).multiply(scheme.rampDays() + 1)).cast("int");
        return date_add(lit(Date.valueOf(scheme.launch())), offset);
    }

    /**
     * The day the consumer moves to this scheme after another one shut down, or null. Each user of a closing scheme
     * draws one destination from its migration shares (or none, for the remainder).
     */
    Column migrationDay(String id) {
        Column day = lit(null).cast("date");
        for (Map.Entry<String, SchemeSpec> entry : scenario.schemes().entrySet()) {
            SchemeSpec closing = entry.getValue();
            Double share = closing.events().migration().get(id);
            if (share == null || closing.shutdown() == null) {
                continue;
            }
            Column destination = Draws.weightedPickOrNone(random.uniform("migrate:" + entry.getKey(), col("consumer_id")),
                    closing.events().migration());
            Column moves = adopts(entry.getKey()).and(destination.equalTo(id));
            day = when(moves, lit(Date.valueOf(closing.shutdown().plusDays(1)))).otherwise(day);
        }
        return day;
    }

    /** The first day the consumer holds the scheme, by adopting it or by migrating to it; null if never. */
    Column heldFrom(String id) {
        Column own = when(adopts(id), adoptionDay(id));
        Column migrated = migrationDay(id);
        return when(own.isNull(), migrated).when(migrated.isNull(), own).otherwise(least(own, migrated));
    }

    /**
     * The name of the consumers' column holding {@link #heldFrom} for a scheme: computed once per consumer, so a
     * purchase only compares its day with it (the expressions behind it are too large to repeat per purchase).
     */
    static String heldFromColumn(int schemeIndex) {
        return "held_from_" + schemeIndex;
    }
}
