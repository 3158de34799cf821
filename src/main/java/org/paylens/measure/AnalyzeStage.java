package org.paylens.measure;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.paylens.ingest.IngestCounts;
import org.paylens.ingest.IngestStage;
import org.paylens.observe.VisibilityModel;
import org.paylens.pipeline.OutputDir;
import org.paylens.scenario.OperatorSpec;
import org.paylens.scenario.Scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/**
 * From the canonical tables: every operator's observations (observations/), then the measures (metrics/*.parquet
 * and metrics/summary.json). One aggregation pass over the observations serves every per-operator measure.
 */
public final class AnalyzeStage {
    public static final String SUMMARY_JSON = "summary.json";

    private AnalyzeStage() {
    }

    public static Summary run(SparkSession spark, Scenario scenario, OutputDir out, IngestCounts ingest) {
        Dataset<Row> transactions = spark.read().parquet(out.uri(OutputDir.CANONICAL, IngestStage.TRANSACTIONS));
        String observationsDir = out.staging(OutputDir.OBSERVATIONS);
        new VisibilityModel(spark, scenario).observe(transactions)
                .write().partitionBy("month").parquet(observationsDir + "/observations");
        out.publish(OutputDir.OBSERVATIONS);
        Dataset<Row> observations = spark.read().parquet(out.uri(OutputDir.OBSERVATIONS, "observations"));

        Row totals = transactions.agg(count(lit(1)), coalesce(sum("amount_yen"), lit(0L)),
                coalesce(sum("item_count"), lit(0L))).first();
        long txns = totals.getLong(0);
        long spend = totals.getLong(1);
        long items = totals.getLong(2);
        long consumers = spark.read().parquet(out.uri(OutputDir.TRUTH, "consumers")).count();

        Map<String, Row> byOperator = new HashMap<>();
        for (Row row : observations.groupBy("operator").agg(
                sum(when(col("linked").and(col("sees_amount")), col("amount_yen")).otherwise(0L)).as("linked_spend"),
                count(when(col("linked"), lit(1))).as("linked_txns"),
                sum(when(col("linked").and(col("sees_basket")), col("item_count")).otherwise(0L)).as("linked_items"),
                sum(when(col("sees_amount"), col("amount_yen")).otherwise(0L)).as("seen_spend")).collectAsList()) {
            byOperator.put(row.getString(0), row);
        }

        Map<String, Long> linkedSpend = new LinkedHashMap<>();
        Map<String, Long> linkedItems = new LinkedHashMap<>();
        scenario.operators().keySet().forEach(id -> {
            Row row = byOperator.get(id);
            linkedSpend.put(id, row == null ? 0L : row.getLong(1));
            linkedItems.put(id, row == null ? 0L : row.getLong(3));
        });
        Concentration spendConcentration = Concentration.of(linkedSpend);
        Concentration itemConcentration = Concentration.of(linkedItems);

        List<OperatorMetrics> operators = new ArrayList<>();
        scenario.operators().forEach((id, spec) -> operators.add(metricsOf(id, spec, byOperator.get(id), txns, spend,
                items, spendConcentration.shares().getOrDefault(id, 0.0))));

        Summary summary = new Summary(scenario.name(), scenario.seed(),
                new Summary.Period(scenario.period().start(), scenario.period().end()),
                new Summary.Counts(consumers, txns, items, spend), ingest, operators,
                new Summary.ConcentrationByUnit(spendConcentration, itemConcentration),
                Calibration.measure(scenario, spark.read().parquet(out.uri(OutputDir.TRUTH, "transactions")),
                        spark.read().parquet(out.uri(OutputDir.TRUTH, "consumers"))));

        String metricsDir = out.staging(OutputDir.METRICS);
        operatorsTable(spark, operators).coalesce(1).write().parquet(metricsDir + "/operators");
        out.writeStaged(OutputDir.METRICS, SUMMARY_JSON, summary.toJson());
        out.publish(OutputDir.METRICS);
        return summary;
    }

    private static OperatorMetrics metricsOf(String id, OperatorSpec spec, Row row, long txns, long spend, long items,
                                             double spendShare) {
        long linkedSpend = row == null ? 0 : row.getLong(1);
        long linkedTxns = row == null ? 0 : row.getLong(2);
        long linkedItems = row == null ? 0 : row.getLong(3);
        long seenSpend = row == null ? 0 : row.getLong(4);
        return new OperatorMetrics(id, spec.name(), spec.kind().id(), linkedSpend, linkedTxns, linkedItems, seenSpend,
                ratio(linkedSpend, spend), ratio(linkedTxns, txns), ratio(linkedItems, items), ratio(seenSpend, spend),
                spendShare);
    }

    /** The per-operator measures as a table, for notebooks and SQL. */
    private static Dataset<Row> operatorsTable(SparkSession spark, List<OperatorMetrics> operators) {
        StructType schema = new StructType()
                .add("operator", DataTypes.StringType).add("name", DataTypes.StringType).add("kind", DataTypes.StringType)
                .add("linked_spend_yen", DataTypes.LongType).add("linked_txns", DataTypes.LongType)
                .add("linked_items", DataTypes.LongType).add("seen_spend_yen", DataTypes.LongType)
                .add("spend_coverage", DataTypes.DoubleType).add("txn_coverage", DataTypes.DoubleType)
                .add("item_coverage", DataTypes.DoubleType).add("seen_spend_coverage", DataTypes.DoubleType)
                .add("spend_share", DataTypes.DoubleType);
        List<Row> rows = operators.stream().map(m -> RowFactory.create(m.id(), m.name(), m.kind(), m.linkedSpendYen(),
                m.linkedTxns(), m.linkedItems(), m.seenSpendYen(), m.spendCoverage(), m.txnCoverage(),
                m.itemCoverage(), m.seenSpendCoverage(), m.spendShare())).toList();
        return spark.createDataFrame(rows, schema);
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
