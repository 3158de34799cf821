package org.paylens.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.paylens.measure.Concentration;
import org.paylens.measure.EntityMetrics;
import org.paylens.measure.Summary;

import java.awt.Color;
import java.awt.Font;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;

/** Alliances scored like mergers: the HHI of linked yen before and after each alliance pools its members' data. */
public final class AllianceMergerChart {
    public static final String ID = "alliances-as-mergers";
    static final String BEFORE = "HHI before pooling";
    static final String AFTER = "HHI after pooling";

    private AllianceMergerChart() {
    }

    static DefaultCategoryDataset dataset(List<EntityMetrics> alliances) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (EntityMetrics alliance : alliances) {
            if (alliance.spendMerger() == null) {
                continue;
            }
            String label = String.format(Locale.ROOT, "%s (ΔHHI %+,.0f)", alliance.name(), alliance.spendMerger().deltaHhi());
            dataset.addValue(alliance.spendMerger().hhiBefore(), BEFORE, label);
            dataset.addValue(alliance.spendMerger().hhiAfter(), AFTER, label);
        }
        return dataset;
    }

    static JFreeChart chart(DefaultCategoryDataset dataset, String scenario, ChartTheme theme) {
        JFreeChart chart = ChartFactory.createBarChart("Alliances as mergers — " + scenario, null,
                "HHI of linked yen across holders", dataset, PlotOrientation.HORIZONTAL, true, false, false);
        theme.apply(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        NumberAxis hhi = (NumberAxis) plot.getRangeAxis();
        hhi.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
        double top = Concentration.HIGHLY_CONCENTRATED_2023;
        for (int row = 0; row < dataset.getRowCount(); row++) {
            for (int column = 0; column < dataset.getColumnCount(); column++) {
                Number value = dataset.getValue(row, column);
                top = Math.max(top, value == null ? 0 : value.doubleValue());
            }
        }
        hhi.setRange(0, top * 1.12);
        plot.getDomainAxis().setMaximumCategoryLabelLines(2);
        plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.35f);
        plot.getRenderer().setSeriesPaint(0, new Color(0x9E9E9E));
        plot.getRenderer().setSeriesPaint(1, ChartTheme.PALETTE.get(5));
        ValueMarker threshold = new ValueMarker(Concentration.HIGHLY_CONCENTRATED_2023, new Color(0x333333),
                ChartTheme.dashed(1f));
        threshold.setLabel("1,800: highly concentrated (US 2023)");
        threshold.setLabelFont(new Font(theme.fontFamilyName(), Font.PLAIN, 10));
        threshold.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        threshold.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        threshold.setLabelBackgroundColor(new Color(0, 0, 0, 0));
        plot.addRangeMarker(threshold, Layer.FOREGROUND);
        return chart;
    }

    public static RenderedChart render(Summary summary, ChartTheme theme) {
        DefaultCategoryDataset dataset = dataset(summary.alliances());
        return ChartRenderer.render(ID, "What if operators pooled their data?",
                "Each pair of bars is one alliance in the scenario, scored the way competition authorities score a "
                        + "merger: the HHI of linked yen across all operators, then with the alliance's members counted "
                        + "as one holder. ΔHHI above 100 in a market above 1,800 is presumed to lessen competition "
                        + "under the 2023 US Merger Guidelines.",
                chart(dataset, summary.scenario(), theme), 900, 160 + 70 * Math.max(1, dataset.getColumnCount()));
    }
}
