package org.paylens.api;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.paylens.measure.EntityMetrics;
import org.paylens.measure.Summary;
import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.Tables;
import org.paylens.report.RenderedChart;
import org.paylens.report.ReportStage;
import org.paylens.scenario.Scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What a finished run holds: its summary as typed records, tables made from it, and the report's charts. */
public final class RunResult {
    /** The unicity the headline shows: ε₂, the share of consumers singled out by two of their purchases. */
    public static final String HEADLINE_UNICITY = "p2";

    private final SparkSession spark;
    private final Summary summary;
    private final Scenario scenario;
    private final OutputDir out;
    private final String reportPath;
    private List<RenderedChart> charts;

    RunResult(SparkSession spark, Summary summary, Scenario scenario, OutputDir out, String reportPath) {
        this.spark = spark;
        this.summary = summary;
        this.scenario = scenario;
        this.out = out;
        this.reportPath = reportPath;
    }

    /** Everything the run measured, as in metrics/summary.json. */
    public Summary summary() {
        return summary;
    }

    /** The scenario as run, every change applied. */
    public Scenario scenario() {
        return scenario;
    }

    /** The output directory as shown to users. */
    public String outDir() {
        return out.display();
    }

    OutputDir output() {
        return out;
    }

    /** report/index.html, to open in a browser. */
    public String reportPath() {
        return reportPath;
    }

    /**
     * One of the run's Parquet tables as a Spark Dataset, e.g. "truth/transactions", "canonical/purchases",
     * "observations", "metrics/profiles" (docs/formats.md lists them all).
     */
    public Dataset<Row> table(String path) {
        String[] parts = path.split("/");
        if (!out.exists(parts)) {
            throw new IllegalArgumentException("no table " + path + " in " + outDir());
        }
        return Tables.read(spark, out.uri(parts));
    }

    /** The operators, the largest holder of linked spend first: share of linked spend, coverage, reach, depth, unicity. */
    public Table headline() {
        List<List<Object>> rows = new ArrayList<>();
        summary.operators().stream()
                .sorted(Comparator.comparingLong(EntityMetrics::linkedSpendYen).reversed().thenComparing(EntityMetrics::id))
                .forEach(o -> rows.add(java.util.Arrays.asList(o.name(), o.kind(), o.linkedSpendYen(), o.spendShare(),
                        o.spendCoverage(), o.consumerReach(), o.profileDepthMedian(),
                        o.unicity() == null ? null : o.unicity().get(HEADLINE_UNICITY))));
        return new Table(String.format(java.util.Locale.ROOT, "%s: %,d purchases by %,d consumers; HHI of linked spend %,.0f",
                summary.scenario(), summary.counts().transactions(), summary.counts().consumers(),
                summary.concentration().spend().hhi()),
                List.of("operator", "kind", "linked yen", "share of linked yen", "spend coverage", "consumer reach",
                        "profile depth (median)", "ε₂ unicity"),
                rows);
    }

    /** HHI, CR1, CR3 and Gini of linked spend and of linked basket items. */
    public Table concentration() {
        List<List<Object>> rows = new ArrayList<>();
        for (var unit : List.of(java.util.Map.entry("linked yen", summary.concentration().spend()),
                java.util.Map.entry("linked basket items", summary.concentration().items()))) {
            var c = unit.getValue();
            rows.add(java.util.Arrays.asList(unit.getKey(), c.hhi(), c.cr1(), c.cr3(), c.gini()));
        }
        return new Table("Concentration across operators", List.of("unit", "HHI", "CR1", "CR3", "Gini"), rows);
    }

    /** The report's charts, in report order; each has its id, title, caption, PNG and SVG. */
    public List<RenderedChart> charts() {
        if (charts == null) {
            charts = ReportStage.charts(summary, scenario);
        }
        return charts;
    }

    /** One chart by its id (operator-coverage, lorenz-operators, unicity, …). */
    public RenderedChart chart(String id) {
        return charts().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no chart '" + id + "'; charts: " + charts().stream().map(RenderedChart::id).toList()));
    }

    @Override
    public String toString() {
        return "paylens run of " + summary.scenario() + " in " + outDir();
    }
}
