package org.paylens.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.paylens.measure.EntityMetrics;

import java.text.NumberFormat;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Who sees the most: each operator's share of all spend it sees linked to a consumer, and what it sees unlinked. */
public final class OperatorCoverageChart {
    public static final String ID = "operator-coverage";
    static final String LINKED = "seen and linked to the consumer";
    static final String UNLINKED = "amount seen, consumer unknown";

    private OperatorCoverageChart() {
    }

    /** Step 1: the dataset, operators sorted by linked coverage, largest first. */
    static DefaultCategoryDataset dataset(List<EntityMetrics> operators) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        operators.stream()
                .sorted(Comparator.comparingDouble(EntityMetrics::spendCoverage).reversed()
                        .thenComparing(EntityMetrics::id))
                .forEach(m -> {
                    dataset.addValue(100 * m.spendCoverage(), LINKED, m.name());
                    dataset.addValue(100 * Math.max(0, m.seenSpendCoverage() - m.spendCoverage()), UNLINKED, m.name());
                });
        return dataset;
    }

    /** Step 2: the chart. */
    static JFreeChart chart(DefaultCategoryDataset dataset, String scenario, ChartTheme theme) {
        JFreeChart chart = ChartFactory.createStackedBarChart(
                "Who sees consumers' spending — " + scenario, null, "share of all spend (%)", dataset,
                PlotOrientation.HORIZONTAL, true, false, false);
        theme.apply(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        NumberAxis axis = (NumberAxis) plot.getRangeAxis();
        axis.setUpperMargin(0.08);
        // Linked in the palette's strong blue, unlinked in its light blue: one hue, two strengths of knowing.
        plot.getRenderer().setSeriesPaint(0, ChartTheme.PALETTE.get(0));
        plot.getRenderer().setSeriesPaint(1, ChartTheme.PALETTE.get(4));
        axis.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
        return chart;
    }

    /** Step 3: render. */
    public static RenderedChart render(List<EntityMetrics> operators, String scenario, ChartTheme theme) {
        DefaultCategoryDataset dataset = dataset(operators);
        int height = 120 + 28 * Math.max(1, dataset.getColumnCount());
        return ChartRenderer.render(ID, "Who sees the most?",
                "Each bar is one operator. The dark part is the share of all yen spent in the simulated world that the "
                        + "operator sees and can tie to a consumer (its wallet account, bank account or card); the light "
                        + "part is spend it sees without knowing who paid (for example a store's cash sales).",
                chart(dataset, scenario, theme), 900, height);
    }
}
