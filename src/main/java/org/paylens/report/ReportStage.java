package org.paylens.report;

import org.paylens.measure.AnalyzeStage;
import org.paylens.measure.Summary;
import org.paylens.pipeline.OutputDir;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** From metrics/summary.json to report/index.html and report/charts/*.{png,svg}; needs no Spark. */
public final class ReportStage {
    public static final String INDEX = "index.html";

    private ReportStage() {
    }

    /** @return the number of charts written */
    public static int run(OutputDir out, String resolvedScenarioJson) {
        Summary summary = Summary.fromJson(out.readText(OutputDir.METRICS + "/" + AnalyzeStage.SUMMARY_JSON));
        ChartTheme theme = ChartTheme.standard();
        List<RenderedChart> charts = List.of(OperatorCoverageChart.render(summary.operators(), summary.scenario(), theme));
        out.staging(OutputDir.REPORT);
        for (RenderedChart chart : charts) {
            out.writeStaged(OutputDir.REPORT, "charts/" + chart.id() + ".png", chart.png());
            out.writeStaged(OutputDir.REPORT, "charts/" + chart.id() + ".svg", chart.svg().getBytes(StandardCharsets.UTF_8));
        }
        out.writeStaged(OutputDir.REPORT, INDEX, HtmlReport.render(summary, charts, resolvedScenarioJson));
        out.publish(OutputDir.REPORT);
        return charts.size();
    }
}
