package org.paylens.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.paylens.measure.EntityMetrics;
import org.paylens.measure.Summary;

import java.text.NumberFormat;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** How deep each operator's profiles go: the spread of profile depth over the consumers it reaches, as box plots. */
public final class ProfileDepthChart {
    public static final String ID = "profile-depth";

    private ProfileDepthChart() {
    }

    /** Operators that reach anyone, by median depth (deepest first); whiskers at the 5th and 95th percentiles. */
    static DefaultBoxAndWhiskerCategoryDataset dataset(List<EntityMetrics> operators) {
        DefaultBoxAndWhiskerCategoryDataset dataset = new DefaultBoxAndWhiskerCategoryDataset();
        operators.stream()
                .filter(m -> m.profileDepth() != null && m.profileDepth().quantiles().size() == 5)
                .sorted(Comparator.comparingDouble(EntityMetrics::profileDepthMedian).reversed().thenComparing(EntityMetrics::id))
                .forEach(m -> {
                    double[] q = m.profileDepth().quantiles().stream().mapToDouble(v -> 100 * v).toArray();
                    double mean = 100 * mean(m.profileDepth());
                    dataset.add(new BoxAndWhiskerItem(mean, q[2], q[1], q[3], q[0], q[4], q[0], q[4], List.of()),
                            "profile depth", m.name());
                });
        return dataset;
    }

    static double mean(EntityMetrics.DepthDistribution depth) {
        long consumers = depth.consumers().stream().mapToLong(Long::longValue).sum();
        return consumers == 0 ? 0 : depth.depthSums().stream().mapToDouble(Double::doubleValue).sum() / consumers;
    }

    static JFreeChart chart(DefaultBoxAndWhiskerCategoryDataset dataset, String scenario, ChartTheme theme) {
        JFreeChart chart = ChartFactory.createBoxAndWhiskerChart("How deep are the profiles? — " + scenario, null,
                "profile depth: share of a reached consumer's spend (%)", dataset, false);
        theme.apply(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        NumberAxis depth = (NumberAxis) plot.getRangeAxis();
        depth.setRange(0, 100);
        depth.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
        BoxAndWhiskerRenderer boxes = (BoxAndWhiskerRenderer) plot.getRenderer();
        boxes.setSeriesPaint(0, ChartTheme.PALETTE.get(4));
        boxes.setArtifactPaint(ChartTheme.PALETTE.get(0));
        boxes.setMeanVisible(false);
        boxes.setFillBox(true);
        boxes.setMaximumBarWidth(0.06);
        return chart;
    }

    public static RenderedChart render(Summary summary, ChartTheme theme) {
        DefaultBoxAndWhiskerCategoryDataset dataset = dataset(summary.operators());
        return ChartRenderer.render(ID, "How much of a customer's life does each operator see?",
                "One box per operator, over the consumers it reaches: the share of each one's spending it holds under "
                        + "a single profile. The box spans the middle half (25th to 75th percentile), the line in it is "
                        + "the median, the whiskers reach the 5th and 95th percentiles.",
                chart(dataset, summary.scenario(), theme), 900, 140 + 30 * Math.max(1, dataset.getColumnCount()));
    }
}
