package org.paylens.report;

import org.paylens.measure.AnalyzeStage;
import org.paylens.measure.Summary;
import org.paylens.pipeline.OutputDir;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.Unicity;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** From metrics/summary.json to report/index.html and report/charts/*.{png,svg}; needs no Spark. */
public final class ReportStage {
    public static final String INDEX = "index.html";

    private ReportStage() {
    }

    /** @return the number of charts written */
    public static int run(OutputDir out, Scenario scenario, String resolvedScenarioJson) {
        Summary summary = Summary.fromJson(out.readText(OutputDir.METRICS + "/" + AnalyzeStage.SUMMARY_JSON));
        List<ScenarioEvent> events = ScenarioEvent.of(scenario);
        ReportCharts charts = charts(summary, events, coarsenings(scenario), ChartTheme.standard());
        out.staging(OutputDir.REPORT);
        for (RenderedChart chart : charts.all()) {
            out.writeStaged(OutputDir.REPORT, "charts/" + chart.id() + ".png", chart.png());
            out.writeStaged(OutputDir.REPORT, "charts/" + chart.id() + ".svg", chart.svg().getBytes(StandardCharsets.UTF_8));
        }
        out.writeStaged(OutputDir.REPORT, INDEX, HtmlReport.render(summary, charts, events, resolvedScenarioJson));
        out.publish(OutputDir.REPORT);
        return charts.all().size();
    }

    /** Every chart of the report, in report order, as the report draws them (for the API and the notebooks). */
    public static List<RenderedChart> charts(Summary summary, Scenario scenario) {
        return charts(summary, ScenarioEvent.of(scenario), coarsenings(scenario), ChartTheme.standard()).all();
    }

    private static List<String> coarsenings(Scenario scenario) {
        return scenario.measures().unicity().coarsenings().stream().map(Unicity.Coarsening::label).toList();
    }

    /** Every chart of the report, by the question its section answers. */
    static ReportCharts charts(Summary summary, List<ScenarioEvent> events, List<String> coarsenings, ChartTheme theme) {
        List<RenderedChart> consumers = new ArrayList<>();
        for (int i = 0; i < summary.consumerViews().size(); i++) {
            consumers.add(ConsumerViewChart.render(summary.consumerViews().get(i), i + 1, summary.scenario(), theme));
        }
        return new ReportCharts(
                List.of(OperatorCoverageChart.render(summary.operators(), summary.scenario(), theme),
                        CategoryHeatMapChart.render(summary, theme),
                        ProfileDepthChart.render(summary, theme),
                        LorenzChart.renderDepth(summary, theme)),
                List.of(LorenzChart.renderOperators(summary, theme),
                        AllianceMergerChart.render(summary, theme)),
                List.of(ConcentrationOverTimeChart.render(summary, events, theme)),
                List.of(UnicityChart.render(summary, coarsenings, theme)),
                consumers);
    }

    /**
     * The charts by section.
     *
     * @param whoSeesMost   coverage, categories, profile depth
     * @param concentration across operators, alliances
     * @param overTime      month by month, with the scenario's events
     * @param identifiable  unicity
     * @param consumers     who sees one consumer, a few times
     */
    record ReportCharts(List<RenderedChart> whoSeesMost, List<RenderedChart> concentration, List<RenderedChart> overTime,
                        List<RenderedChart> identifiable, List<RenderedChart> consumers) {
        List<RenderedChart> all() {
            List<RenderedChart> all = new ArrayList<>(whoSeesMost);
            all.addAll(concentration);
            all.addAll(overTime);
            all.addAll(identifiable);
            all.addAll(consumers);
            return all;
        }
    }
}
