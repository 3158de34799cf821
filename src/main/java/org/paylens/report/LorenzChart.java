package org.paylens.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.paylens.measure.Concentration;
import org.paylens.measure.EntityMetrics;
import org.paylens.measure.Summary;

import java.awt.BasicStroke;
import java.awt.Color;
import java.text.NumberFormat;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Lorenz curves, two ways: how purchase data is spread across operators, and how each large holder's knowledge is
 * spread across the consumers it reaches (by profile depth).
 */
public final class LorenzChart {
    public static final String OPERATORS_ID = "lorenz-operators";
    public static final String DEPTH_ID = "lorenz-profile-depth";
    /** The largest holders drawn in the profile-depth chart. */
    static final int HOLDERS_SHOWN = 4;

    private LorenzChart() {
    }

    static XYSeriesCollection operatorsDataset(Summary.ConcentrationByUnit concentration) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        dataset.addSeries(curve("linked yen", concentration.spend().lorenz()));
        dataset.addSeries(curve("linked basket items", concentration.items().lorenz()));
        dataset.addSeries(equality());
        return dataset;
    }

    /** Consumers sorted from the least to the most known; exact at the histogram's bin edges. */
    static XYSeriesCollection depthDataset(List<EntityMetrics> operators) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        operators.stream()
                .filter(m -> m.profileDepth() != null && !m.profileDepth().consumers().isEmpty())
                .sorted(Comparator.comparingDouble(EntityMetrics::spendCoverage).reversed().thenComparing(EntityMetrics::id))
                .limit(HOLDERS_SHOWN)
                .forEach(m -> dataset.addSeries(depthCurve(m.name(), m.profileDepth())));
        dataset.addSeries(equality());
        return dataset;
    }

    static XYSeries depthCurve(String name, EntityMetrics.DepthDistribution depth) {
        long consumers = depth.consumers().stream().mapToLong(Long::longValue).sum();
        double total = depth.depthSums().stream().mapToDouble(Double::doubleValue).sum();
        XYSeries series = new XYSeries(name, false);
        series.add(0, 0);
        long cumulativeConsumers = 0;
        double cumulativeDepth = 0;
        for (int bin = 0; bin < depth.consumers().size(); bin++) {
            if (depth.consumers().get(bin) == 0) {
                continue;
            }
            cumulativeConsumers += depth.consumers().get(bin);
            cumulativeDepth += depth.depthSums().get(bin);
            series.add(100.0 * cumulativeConsumers / consumers, total == 0 ? 0 : 100 * cumulativeDepth / total);
        }
        return series;
    }

    private static XYSeries curve(String name, List<Concentration.LorenzPoint> points) {
        XYSeries series = new XYSeries(name, false);
        points.forEach(p -> series.add(100 * p.holders(), 100 * p.units()));
        return series;
    }

    private static XYSeries equality() {
        XYSeries series = new XYSeries("perfect equality", false);
        series.add(0, 0);
        series.add(100, 100);
        return series;
    }

    static JFreeChart chart(String title, String xLabel, String yLabel, XYSeriesCollection dataset, ChartTheme theme) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, dataset, PlotOrientation.VERTICAL,
                true, false, false);
        theme.apply(chart);
        XYPlot plot = chart.getXYPlot();
        for (NumberAxis axis : List.of((NumberAxis) plot.getDomainAxis(), (NumberAxis) plot.getRangeAxis())) {
            axis.setRange(0, 100);
            axis.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
        }
        XYLineAndShapeRenderer lines = (XYLineAndShapeRenderer) plot.getRenderer();
        int equality = dataset.getSeriesCount() - 1;
        for (int s = 0; s < equality; s++) {
            lines.setSeriesStroke(s, new BasicStroke(2.2f));
            lines.setSeriesShapesVisible(s, true);
        }
        lines.setSeriesPaint(equality, new Color(0x999999));
        lines.setSeriesStroke(equality, ChartTheme.dashed(1f));
        return chart;
    }

    public static RenderedChart renderOperators(Summary summary, ChartTheme theme) {
        return ChartRenderer.render(OPERATORS_ID, "How unequally is the data spread across operators?",
                "Operators sorted from the one holding least to the one holding most linked data. A point at (80, 20) "
                        + "means the 80% of operators holding least hold 20% of it together. The further the curve "
                        + "sags below the dashed diagonal, the more a few operators hold.",
                chart("Lorenz curve across operators — " + summary.scenario(), "operators, smallest holders first (%)",
                        "cumulative share of linked data (%)", operatorsDataset(summary.concentration()), theme), 700, 560);
    }

    public static RenderedChart renderDepth(Summary summary, ChartTheme theme) {
        return ChartRenderer.render(DEPTH_ID, "Does each large holder know all its customers alike?",
                "For each of the largest holders, the consumers it reaches are sorted from the one it knows least to "
                        + "the one it knows best (profile depth: the share of a consumer's spend it holds under one "
                        + "profile). A curve near the diagonal means it knows its consumers evenly; a sagging curve "
                        + "means a minority of them make up most of what it knows.",
                chart("Lorenz curve of profile depth — " + summary.scenario(), "reached consumers, least known first (%)",
                        "cumulative share of profile depth (%)", depthDataset(summary.operators()), theme), 700, 560);
    }
}
