package org.paylens.measure;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.paylens.ingest.IngestCounts;
import org.paylens.ingest.IngestStage;
import org.paylens.logs.MerchantRegistry;
import org.paylens.observe.VisibilityModel;
import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.Phases;
import org.paylens.pipeline.Tables;
import org.paylens.scenario.AllianceSpec;
import org.paylens.scenario.Scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.*;

/**
 * From the canonical tables: every operator's observations (observations/), what each operator and alliance holds,
 * then the measures (metrics/*.parquet and metrics/summary.json; docs/metrics.md defines them). Each measure family
 * is computed once over the shared holdings table, for all entities and periods together.
 */
public final class AnalyzeStage {
    public static final String SUMMARY_JSON = "summary.json";
    /** The stage's two phases, as {@link Phases} records them: observations/, then holdings and metrics/. */
    public static final String OBSERVE_PHASE = "observe";
    public static final String MEASURES_PHASE = "measures";
    /** The profiles unicity sampled and the purchases drawn as their points. */
    public static final String UNICITY_SAMPLE = "unicity_sample";
    /** metrics/ tables, one per measure family. */
    public static final List<String> TABLES = List.of("profiles", "unicity", UNICITY_SAMPLE, "concentration", "shares", "alliances",
            "coverage_by_scheme", "category_coverage", "consumer_views", "operators");
    /** How many consumers the report's "who sees this consumer" shows. */
    static final int CONSUMER_VIEWS = 3;

    private AnalyzeStage() {
    }

    public static Summary run(SparkSession spark, Scenario scenario, OutputDir out, IngestCounts ingest, Phases phases) {
        phases.begin(OBSERVE_PHASE);
        Dataset<Row> transactions = Tables.read(spark, out.uri(OutputDir.CANONICAL, IngestStage.TRANSACTIONS));
        Dataset<Row> topups = Tables.read(spark, out.uri(OutputDir.CANONICAL, IngestStage.TOPUPS));
        VisibilityModel model = new VisibilityModel(spark, scenario);
        String observationsDir = out.staging(OutputDir.OBSERVATIONS);
        Tables.writeByMonth(model.observe(transactions, topups), observationsDir + "/observations");
        Holdings.links(model.withOperators(transactions), model.topupsWithOperators(topups))
                .write().parquet(observationsDir + "/links");
        if (!scenario.alliances().isEmpty()) {
            Holdings.allianceProfiles(spark, scenario, Tables.read(spark, observationsDir + "/links"))
                    .write().parquet(observationsDir + "/alliance_profiles");
        }
        out.publish(OutputDir.OBSERVATIONS);
        Dataset<Row> observations = Tables.read(spark, out.uri(OutputDir.OBSERVATIONS, "observations"));
        Dataset<Row> allianceProfiles = scenario.alliances().isEmpty() ? null
                : Tables.read(spark, out.uri(OutputDir.OBSERVATIONS, "alliance_profiles"));

        // Written once and read by every measure, rather than cached: many measures start at once and would
        // otherwise wait on one another to build the cache.
        phases.begin(MEASURES_PHASE);
        String metricsDir = out.staging(OutputDir.METRICS);
        String scratch = metricsDir + "/_work";
        Holdings.of(spark, scenario, observations, allianceProfiles).write().parquet(scratch + "/holdings");
        Summary summary = measure(spark, scenario, out, ingest, transactions, Tables.read(spark, scratch + "/holdings"),
                metricsDir, scratch);
        phases.end();
        return summary;
    }

    private static Summary measure(SparkSession spark, Scenario scenario, OutputDir out, IngestCounts ingest,
                                   Dataset<Row> transactions, Dataset<Row> holdings, String metricsDir, String scratch) {
        Dataset<Row> truthTransactions = Tables.read(spark, out.uri(OutputDir.TRUTH, "transactions"));
        Dataset<Row> truthOwners = truthTransactions.select("txn_id", "consumer_id");
        Dataset<Row> basketItems = Tables.read(spark, out.uri(OutputDir.CANONICAL, IngestStage.BASKET_ITEMS));
        Dataset<Row> merchants = MerchantRegistry.read(spark, out.uri(OutputDir.RAW, MerchantRegistry.DIR));
        Dataset<Row> consumerTable = Tables.read(spark, out.uri(OutputDir.TRUTH, "consumers"));
        long consumers = Tables.rowCount(spark, out.uri(OutputDir.TRUTH, "consumers"));

        ConsumerMeasures byConsumer = ConsumerMeasures.of(holdings, transactions, truthOwners, basketItems, merchants,
                consumers, scenario.seed(), CONSUMER_VIEWS);
        Tables.writeRows(spark, byConsumer.profiles(), ConsumerMeasures.PROFILES, metricsDir + "/profiles");
        Tables.writeRows(spark, byConsumer.categoryCoverage(), ConsumerMeasures.CATEGORY_COVERAGE,
                metricsDir + "/category_coverage");
        Tables.writeRows(spark, byConsumer.consumerViews(), ConsumerMeasures.CONSUMER_VIEWS, metricsDir + "/consumer_views");
        coverageByScheme(Tables.read(spark, out.uri(OutputDir.OBSERVATIONS, "observations")), transactions)
                .write().parquet(metricsDir + "/coverage_by_scheme");
        UnicityMeasure.write(holdings, merchants, scenario.measures().unicity(), scenario.seed(), metricsDir + "/unicity",
                metricsDir + "/" + UNICITY_SAMPLE, scratch + "/unicity");
        List<Row> profileRows = byConsumer.profiles();
        List<Row> unicityRows = Tables.read(spark, metricsDir + "/unicity").collectAsList();
        // period → entity → coarsening → p → ε_p; summary.json gives the first coarsening per period, all of them
        // for the whole period.
        Map<String, Map<String, Map<String, Map<String, Double>>>> unicityByPeriod = new HashMap<>();
        for (Row row : unicityRows) {
            unicityByPeriod.computeIfAbsent(row.getAs("period"), p -> new HashMap<>())
                    .computeIfAbsent(row.getAs("entity"), e -> new TreeMap<>())
                    .computeIfAbsent(row.getAs("coarsening"), c -> new TreeMap<>())
                    .put("p" + row.<Integer>getAs("p"), row.<Double>getAs("unicity"));
        }
        WholePeriodDetails details = new WholePeriodDetails(unicityByPeriod.getOrDefault(ProfileMeasures.ALL, Map.of()),
                new HashMap<>());
        for (Row row : byConsumer.categoryCoverage()) {
            details.categoryCoverage().computeIfAbsent(row.getAs("entity"), e -> new TreeMap<>())
                    .put(row.getAs("category"), row.<Double>getAs("share"));
        }

        // period → entity → row
        Map<String, Map<String, Row>> byPeriod = new TreeMap<>();
        for (Row row : profileRows) {
            byPeriod.computeIfAbsent(row.getAs("period"), p -> new HashMap<>()).put(row.getAs("entity"), row);
        }
        String firstCoarsening = scenario.measures().unicity().coarsenings().get(0).label();
        // period → entity → p → ε_p at the first coarsening
        Map<String, Map<String, Map<String, Double>>> unicity = new HashMap<>();
        unicityByPeriod.forEach((period, byEntity) -> byEntity.forEach((entity, byCoarsening) -> {
            if (byCoarsening.containsKey(firstCoarsening)) {
                unicity.computeIfAbsent(period, p -> new HashMap<>()).put(entity, byCoarsening.get(firstCoarsening));
            }
        }));

        List<Row> concentrationRows = new ArrayList<>();
        List<Row> shareRows = new ArrayList<>();
        List<Row> allianceRows = new ArrayList<>();
        Period whole = period(scenario, byPeriod.getOrDefault(ProfileMeasures.ALL, Map.of()),
                unicity.getOrDefault(ProfileMeasures.ALL, Map.of()), details, ProfileMeasures.ALL,
                concentrationRows, shareRows, allianceRows);
        List<Summary.Month> monthly = new ArrayList<>();
        for (String month : byPeriod.keySet()) {
            if (!month.equals(ProfileMeasures.ALL)) {
                Period p = period(scenario, byPeriod.get(month), unicity.getOrDefault(month, Map.of()), null, month,
                        concentrationRows, shareRows, allianceRows);
                monthly.add(new Summary.Month(month, p.concentration(), p.operators(), p.alliances()));
            }
        }

        Summary summary = new Summary(scenario.name(), scenario.seed(),
                new Summary.Period(scenario.period().start(), scenario.period().end()),
                byConsumer.purchases(), ingest,
                whole.operators(), whole.alliances(), whole.concentration(), monthly,
                Calibration.measure(scenario, truthTransactions, consumerTable),
                consumerViews(scenario, byConsumer.consumerViews()));

        // Small tables the driver already holds are written without a Spark job each.
        Tables.writeRows(spark, concentrationRows, CONCENTRATION, metricsDir + "/concentration");
        Tables.writeRows(spark, shareRows, SHARES, metricsDir + "/shares");
        Tables.writeRows(spark, allianceRows, ALLIANCES, metricsDir + "/alliances");
        writeOperators(ConsumerMeasures.PROFILES, profileRows, metricsDir + "/operators", spark);
        out.writeStaged(OutputDir.METRICS, SUMMARY_JSON, summary.toJson());
        out.deleteStaged(OutputDir.METRICS, "_work");
        out.publish(OutputDir.METRICS);
        return summary;
    }

    /** metrics/operators: the profile rows of each operator over the whole period, without entity_kind and period. */
    private static void writeOperators(StructType profiles, List<Row> profileRows, String path, SparkSession spark) {
        List<String> kept = new ArrayList<>();
        StructType schema = new StructType();
        for (org.apache.spark.sql.types.StructField field : profiles.fields()) {
            if (!field.name().equals("entity_kind") && !field.name().equals("period")) {
                kept.add(field.name());
                schema = schema.add(field.name().equals("entity") ? field.copy("operator", field.dataType(), field.nullable(),
                        field.metadata()) : field);
            }
        }
        List<Row> operators = new ArrayList<>();
        for (Row row : profileRows) {
            if (ProfileMeasures.ALL.equals(row.getAs("period")) && Holdings.OPERATOR.equals(row.getAs("entity_kind"))) {
                operators.add(RowFactory.create(kept.stream().map(row::getAs).toArray()));
            }
        }
        Tables.writeRows(spark, operators, schema, path);
    }

    /**
     * Each operator's linked spend by the scheme the purchase was paid with, for the whole period and per month: how
     * much of what it knows came through its own wallet, a card, a loyalty scan…
     */
    static Dataset<Row> coverageByScheme(Dataset<Row> observations, Dataset<Row> transactions) {
        Column period = ProfileMeasures.periods();
        Dataset<Row> totals = transactions.withColumn("period", period).groupBy("period").agg(sum("amount_yen").as("total_spend"));
        return observations.filter(col("record").equalTo(VisibilityModel.PURCHASE).and(col("linked")).and(col("sees_amount")))
                .withColumn("period", period)
                .groupBy("operator", "period", "scheme").agg(sum("amount_yen").as("linked_spend_yen"))
                .join(totals, "period")
                .select(col("operator"), col("period"), col("scheme"), col("linked_spend_yen"),
                        col("linked_spend_yen").cast("double").divide(col("total_spend")).as("spend_coverage"));
    }

    private record Period(List<EntityMetrics> operators, List<EntityMetrics> alliances,
                          Summary.ConcentrationByUnit concentration) {
    }

    /** What summary.json gives for the whole period only: entity → coarsening → p → ε_p; entity → category → share. */
    private record WholePeriodDetails(Map<String, Map<String, Map<String, Double>>> unicityByCoarsening,
                                      Map<String, Map<String, Double>> categoryCoverage) {
    }

    private static List<Summary.ConsumerView> consumerViews(Scenario scenario, List<Row> rows) {
        Map<String, Summary.ConsumerView> views = new LinkedHashMap<>();
        for (Row row : rows) {
            String operator = row.getAs("entity");
            long consumerYen = row.getAs("consumer_yen");
            String consumer = String.valueOf(row.<Object>getAs("consumer_id"));
            Summary.ConsumerView view = views.computeIfAbsent(consumer, id -> new Summary.ConsumerView(id,
                    consumerYen, row.<Long>getAs("purchases"), new ArrayList<>()));
            view.operators().add(new Summary.ConsumerView.Seen(operator, scenario.operators().get(operator).name(),
                    row.<Long>getAs("linked_yen") / (double) consumerYen, row.<Long>getAs("seen_yen") / (double) consumerYen));
        }
        return List.copyOf(views.values());
    }

    /** The measures of one period (the whole, or a month) from the profile table's rows of that period. */
    private static Period period(Scenario scenario, Map<String, Row> rows, Map<String, Map<String, Double>> unicity,
                                 WholePeriodDetails details, String period, List<Row> concentrationRows,
                                 List<Row> shareRows, List<Row> allianceRows) {
        Map<String, Long> linkedSpend = new LinkedHashMap<>();
        Map<String, Long> linkedItems = new LinkedHashMap<>();
        scenario.operators().keySet().forEach(id -> {
            Row row = rows.get(id);
            linkedSpend.put(id, row == null ? 0L : row.<Long>getAs("linked_spend_yen"));
            linkedItems.put(id, row == null ? 0L : row.<Long>getAs("linked_items"));
        });
        // Each operator's share with every operator on its own; the concentration across holders, where a pooled
        // alliance holds in place of its members.
        Concentration standaloneSpend = Concentration.of(linkedSpend);
        Concentration standaloneItems = Concentration.of(linkedItems);
        Map<String, Map<String, Long>> heldByUnit = new LinkedHashMap<>();
        heldByUnit.put("spend", holders(scenario, rows, linkedSpend, "linked_spend_yen"));
        heldByUnit.put("items", holders(scenario, rows, linkedItems, "linked_items"));
        Concentration spend = Concentration.of(heldByUnit.get("spend"));
        Concentration items = Concentration.of(heldByUnit.get("items"));
        for (Map.Entry<String, Concentration> unit : Map.of("spend", spend, "items", items).entrySet()) {
            Concentration c = unit.getValue();
            concentrationRows.add(RowFactory.create(unit.getKey(), period, c.hhi(), c.cr1(), c.cr3(), c.gini(), c.band2023(),
                    c.jftcSafeHarbour()));
            Map<String, Long> amounts = heldByUnit.get(unit.getKey());
            c.shares().forEach((holder, share) -> shareRows.add(RowFactory.create(unit.getKey(), period, holder,
                    amounts.get(holder), share)));
        }
        List<EntityMetrics> operators = new ArrayList<>();
        scenario.operators().forEach((id, spec) -> operators.add(metrics(id, spec.name(), spec.kind().id(), null,
                rows.get(id), standaloneSpend.shares().getOrDefault(id, 0.0), standaloneItems.shares().getOrDefault(id, 0.0),
                unicity.get(id), null, null, details)));
        List<EntityMetrics> alliances = new ArrayList<>();
        for (Map.Entry<String, AllianceSpec> entry : scenario.alliances().entrySet()) {
            String id = entry.getKey();
            Row row = rows.get(id);
            TreeSet<String> members = new TreeSet<>(entry.getValue().members());
            MergerScore spendMerger = MergerScore.of(linkedSpend, new HashSet<>(members),
                    row == null ? 0L : row.<Long>getAs("linked_spend_yen"));
            MergerScore itemsMerger = MergerScore.of(linkedItems, new HashSet<>(members),
                    row == null ? 0L : row.<Long>getAs("linked_items"));
            for (Map.Entry<String, MergerScore> unit : Map.of("spend", spendMerger, "items", itemsMerger).entrySet()) {
                MergerScore m = unit.getValue();
                allianceRows.add(RowFactory.create(id, unit.getKey(), period, m.hhiBefore(), m.hhiAfter(), m.deltaHhi(),
                        m.pooledShare(), m.band2023(), m.jftcSafeHarbour()));
            }
            alliances.add(metrics(id, entry.getValue().name(), Holdings.ALLIANCE, List.copyOf(members), row, null, null,
                    unicity.get(id), spendMerger, itemsMerger, details));
        }
        return new Period(operators, alliances, new Summary.ConcentrationByUnit(spend, items));
    }

    /** The holders of linked units: the operators, with each pooled alliance in place of its members. */
    private static Map<String, Long> holders(Scenario scenario, Map<String, Row> rows, Map<String, Long> byOperator, String column) {
        Map<String, Long> holders = new LinkedHashMap<>(byOperator);
        scenario.alliances().forEach((id, alliance) -> {
            if (alliance.pooled()) {
                alliance.members().forEach(holders::remove);
                Row row = rows.get(id);
                holders.put(id, row == null ? 0L : row.<Long>getAs(column));
            }
        });
        return holders;
    }

    private static EntityMetrics metrics(String id, String name, String kind, List<String> members, Row row,
                                         Double spendShare, Double itemShare, Map<String, Double> unicity,
                                         MergerScore spendMerger, MergerScore itemsMerger, WholePeriodDetails details) {
        Map<String, Map<String, Double>> unicityByCoarsening = details == null ? null
                : details.unicityByCoarsening().getOrDefault(id, Map.of());
        Map<String, Double> categoryCoverage = details == null ? null : details.categoryCoverage().getOrDefault(id, Map.of());
        if (row == null) {
            return new EntityMetrics(id, name, kind, members, 0, 0, 0, 0, 0, 0, 0, 0, spendShare, itemShare, 0, 0, 0, 0, 0,
                    unicity, spendMerger, itemsMerger, 0, 0,
                    details == null ? null : new EntityMetrics.DepthDistribution(List.of(), List.of(), List.of()),
                    unicityByCoarsening, categoryCoverage);
        }
        EntityMetrics.DepthDistribution depth = details == null ? null : new EntityMetrics.DepthDistribution(
                listOrEmpty(row, "profile_depth_quantiles"), listOrEmpty(row, "profile_depth_histogram"),
                listOrEmpty(row, "profile_depth_histogram_sums"));
        return new EntityMetrics(id, name, kind, members, row.getAs("linked_spend_yen"), row.getAs("linked_txns"),
                row.getAs("linked_items"), row.getAs("seen_spend_yen"), row.getAs("spend_coverage"), row.getAs("txn_coverage"),
                row.getAs("item_coverage"), row.getAs("seen_spend_coverage"), spendShare, itemShare,
                row.getAs("consumer_reach"), row.getAs("profile_depth_median"), row.getAs("profile_depth_p90"),
                row.getAs("share_consumers_over_half"), row.getAs("profile_fidelity"), unicity, spendMerger, itemsMerger,
                row.getAs("basket_spend_coverage"), row.getAs("seen_basket_spend_coverage"), depth, unicityByCoarsening,
                categoryCoverage);
    }

    /** An array column as a list; an entity that reaches nobody has none. */
    private static <T> List<T> listOrEmpty(Row row, String column) {
        return row.isNullAt(row.fieldIndex(column)) ? List.of() : row.getList(row.fieldIndex(column));
    }

    private static final StructType CONCENTRATION = new StructType().add("unit", DataTypes.StringType)
            .add("period", DataTypes.StringType).add("hhi", DataTypes.DoubleType).add("cr1", DataTypes.DoubleType)
            .add("cr3", DataTypes.DoubleType).add("gini", DataTypes.DoubleType).add("band2023", DataTypes.StringType)
            .add("jftc_safe_harbour", DataTypes.StringType);
    private static final StructType SHARES = new StructType().add("unit", DataTypes.StringType)
            .add("period", DataTypes.StringType).add("operator", DataTypes.StringType).add("units", DataTypes.LongType)
            .add("share", DataTypes.DoubleType);
    private static final StructType ALLIANCES = new StructType().add("alliance", DataTypes.StringType)
            .add("unit", DataTypes.StringType).add("period", DataTypes.StringType).add("hhi_before", DataTypes.DoubleType)
            .add("hhi_after", DataTypes.DoubleType).add("delta_hhi", DataTypes.DoubleType)
            .add("pooled_share", DataTypes.DoubleType).add("band2023", DataTypes.StringType)
            .add("jftc_safe_harbour", DataTypes.BooleanType);
}
