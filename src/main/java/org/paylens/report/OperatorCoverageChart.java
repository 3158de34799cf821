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
    static final String LINKED_ITEMS = "linked to the consumer, item by item";
    static final String LINKED_AMOUNT = "linked to the consumer, amount only";
    static final String UNLINKED_ITEMS = "consumer unknown, item by item";
    static final String UNLINKED_AMOUNT = "consumer unknown, amount only";

    private OperatorCoverageChart() {
    }

    /** Step 1: the dataset, operators sorted by linked coverage, largest first. */
    static DefaultCategoryDataset dataset(List<EntityMetrics> operators) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        operators.stream()
                .sorted(Comparator.comparingDouble(EntityMetrics::spendCoverage).reversed()
                        .thenComparing(EntityMetrics::id))
                .forEach(m -> {
                    double unlinked = Math.max(0, m.seenSpendCoverage() - m.spendCoverage());
                    double unlinkedItems = Math.max(0, m.seenBasketSpendCoverage() - m.basketSpendCoverage());
                    dataset.addValue(100 * m.basketSpendCoverage(), LINKED_ITEMS, m.name());
                    dataset.addValue(100 * Math.max(0, m.spendCoverage() - m.basketSpendCoverage()), LINKED_AMOUNT, m.name());
                    dataset.addValue(100 * unlinkedItems, UNLINKED_ITEMS, m.name());
                    dataset.addValue(100 * Math.max(0, unlinked - unlinkedItems), UNLINKED_AMOUNT, m.name());
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
        // Linked in blues, unlinked in oranges; the stronger shade of each where the items are seen too.
        plot.getRenderer().setSeriesPaint(0, ChartTheme.PALETTE.get(0));
        plot.getRenderer().setSeriesPaint(1, ChartTheme.PALETTE.get(4));
        plot.getRenderer().setSeriesPaint(2, ChartTheme.PALETTE.get(1));
        plot.getRenderer().setSeriesPaint(3, new java.awt.Color(0xF5D08A));
        axis.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
        return chart;
    }

    /** Step 3: render. */
    public static RenderedChart render(List<EntityMetrics> operators, String scenario, ChartTheme theme) {
        DefaultCategoryDataset dataset = dataset(operators);
        int height = 120 + 28 * Math.max(1, dataset.getColumnCount());
        return ChartRenderer.render(ID, "Who sees the most?",
                "Each bar is one operator: the share of all yen spent in the simulated world that it sees. Blue is "
                        + "spend it can tie to a consumer (a wallet account, bank account, card or points card), orange "
                        + "spend it sees without knowing who paid (a store's cash sales). The stronger shade of each is "
                        + "spend where it also sees the basket item by item; the paler, where it sees only the amount.",
                chart(dataset, scenario, theme), 900, height);
    }
}
