package org.paylens.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;
import org.paylens.measure.EntityMetrics;
import org.paylens.measure.Summary;

import java.awt.Color;
import java.awt.Paint;
import java.text.NumberFormat;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** Where each operator's knowledge lies: operator × merchandise category, the share of the category's yen it sees linked. */
public final class CategoryHeatMapChart {
    public static final String ID = "category-heat-map";

    private CategoryHeatMapChart() {
    }

    /** Operators sorted by linked coverage (largest at the top), categories by name. */
    record Grid(List<String> operators, List<String> categories, DefaultXYZDataset dataset) {
    }

    static Grid grid(List<EntityMetrics> operators) {
        List<EntityMetrics> sorted = operators.stream()
                .filter(m -> m.categoryCoverage() != null)
                .sorted(Comparator.comparingDouble(EntityMetrics::spendCoverage).thenComparing(EntityMetrics::id,
                        Comparator.reverseOrder()))
                .toList();
        TreeSet<String> categorySet = new TreeSet<>();
        sorted.forEach(m -> categorySet.addAll(m.categoryCoverage().keySet()));
        List<String> categories = List.copyOf(categorySet);
        int cells = sorted.size() * categories.size();
        double[][] xyz = new double[3][cells];
        int i = 0;
        for (int y = 0; y < sorted.size(); y++) {
            for (int x = 0; x < categories.size(); x++) {
                xyz[0][i] = x;
                xyz[1][i] = y;
                xyz[2][i] = 100 * sorted.get(y).categoryCoverage().getOrDefault(categories.get(x), 0.0);
                i++;
            }
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("share of category spend seen linked (%)", xyz);
        return new Grid(sorted.stream().map(EntityMetrics::name).toList(), categories, dataset);
    }

    /** White to the palette's blue: one hue, stronger where more is seen; readable in every common colour vision. */
    static final class BlueScale implements PaintScale {
        private static final Color BLUE = ChartTheme.PALETTE.get(0);
        private final double upper;

        BlueScale(double upper) {
            this.upper = upper;
        }

        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public Paint getPaint(double value) {
            double t = Math.max(0, Math.min(1, value / upper));
            return new Color(mix(255, BLUE.getRed(), t), mix(255, BLUE.getGreen(), t), mix(255, BLUE.getBlue(), t));
        }

        private static int mix(int from, int to, double t) {
            return (int) Math.round(from + (to - from) * t);
        }
    }

    static JFreeChart chart(Grid grid, String scenario, ChartTheme theme) {
        SymbolAxis categories = new SymbolAxis(null, grid.categories().toArray(String[]::new));
        categories.setVerticalTickLabels(true);
        categories.setGridBandsVisible(false);
        SymbolAxis operators = new SymbolAxis(null, grid.operators().toArray(String[]::new));
        operators.setGridBandsVisible(false);
        XYBlockRenderer blocks = new XYBlockRenderer();
        double max = 0;
        for (int i = 0; i < grid.dataset().getItemCount(0); i++) {
            max = Math.max(max, grid.dataset().getZValue(0, i));
        }
        BlueScale scale = new BlueScale(Math.max(1, Math.ceil(max / 10) * 10));
        blocks.setPaintScale(scale);
        XYPlot plot = new XYPlot(grid.dataset(), categories, operators, blocks);
        plot.setDomainAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        JFreeChart chart = new JFreeChart("Which categories each operator sees — " + scenario, plot);
        chart.removeLegend();
        NumberAxis legendAxis = new NumberAxis("share of the category's spend seen linked (%)");
        legendAxis.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setMargin(new RectangleInsets(8, 60, 4, 60));
        legend.setStripWidth(12);
        chart.addSubtitle(legend);
        theme.apply(chart);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        return chart;
    }

    public static RenderedChart render(Summary summary, ChartTheme theme) {
        Grid grid = grid(summary.operators());
        int width = Math.max(700, 260 + 46 * grid.categories().size());
        int height = 260 + 26 * Math.max(1, grid.operators().size());
        return ChartRenderer.render(ID, "What does each operator know about?",
                "Rows are operators (the largest holders at the top), columns merchandise categories. A cell's "
                        + "colour is the share of all yen spent on that category's items that the operator sees in "
                        + "purchases it can tie to a consumer, whether or not it sees the items themselves (a card "
                        + "network sees the amount of a grocery bill, not the groceries).",
                chart(grid, summary.scenario(), theme), width, height);
    }
}
