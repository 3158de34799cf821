package org.paylens.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.paylens.measure.EntityMetrics;
import org.paylens.measure.Summary;

import java.awt.BasicStroke;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How identifiable are people: unicity ε_p against p for the largest holders, at the finest coarsening (solid) and
 * at the coarsest one the scenario measures (dashed), whole period.
 */
public final class UnicityChart {
    public static final String ID = "unicity";
    static final int HOLDERS_SHOWN = 4;

    private UnicityChart() {
    }

    /** The series in pairs per holder: finest, then coarsest; the coarsenings named as in measures.unicity. */
    static XYSeriesCollection dataset(List<EntityMetrics> entities, String finest, String coarsest) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (EntityMetrics m : largest(entities)) {
            for (String coarsening : finest.equals(coarsest) ? List.of(finest) : List.of(finest, coarsest)) {
                Map<String, Double> byP = m.unicityByCoarsening().getOrDefault(coarsening, Map.of());
                XYSeries series = new XYSeries(m.name() + " — " + coarsening);
                for (int p = 1; byP.containsKey("p" + p); p++) {
                    series.add(p, 100 * byP.get("p" + p));
                }
                dataset.addSeries(series);
            }
        }
        return dataset;
    }

    static List<EntityMetrics> largest(List<EntityMetrics> entities) {
        List<EntityMetrics> withUnicity = new ArrayList<>(entities.stream()
                .filter(m -> m.unicityByCoarsening() != null && !m.unicityByCoarsening().isEmpty()).toList());
        withUnicity.sort(Comparator.comparingDouble(EntityMetrics::spendCoverage).reversed().thenComparing(EntityMetrics::id));
        return withUnicity.subList(0, Math.min(HOLDERS_SHOWN, withUnicity.size()));
    }

    static JFreeChart chart(XYSeriesCollection dataset, boolean paired, String scenario, ChartTheme theme) {
        JFreeChart chart = ChartFactory.createXYLineChart("How many points single a person out? — " + scenario,
                "p: points known of a person's trace", "unicity ε_p: share singled out (%)", dataset,
                PlotOrientation.VERTICAL, true, false, false);
        theme.apply(chart);
        XYPlot plot = chart.getXYPlot();
        NumberAxis p = (NumberAxis) plot.getDomainAxis();
        p.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis share = (NumberAxis) plot.getRangeAxis();
        share.setRange(0, 102);
        share.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
        XYLineAndShapeRenderer lines = (XYLineAndShapeRenderer) plot.getRenderer();
        lines.setDefaultShapesVisible(true);
        for (int s = 0; s < dataset.getSeriesCount(); s++) {
            int holder = paired ? s / 2 : s;
            lines.setSeriesPaint(s, ChartTheme.PALETTE.get(holder % ChartTheme.PALETTE.size()));
            boolean coarse = paired && s % 2 == 1;
            lines.setSeriesStroke(s, coarse
                    ? ChartTheme.dashed(2f)
                    : new BasicStroke(2.2f));
        }
        return chart;
    }

    /** @param coarsenings the labels of measures.unicity's coarsenings, in the scenario's order (the first is finest) */
    public static RenderedChart render(Summary summary, List<String> coarsenings, ChartTheme theme) {
        String finest = coarsenings.get(0);
        String coarsest = coarsenings.stream().filter(c -> c.startsWith("chain/") || c.startsWith("category/")
                || c.startsWith("region/")).findFirst().orElse(coarsenings.get(coarsenings.size() - 1));
        List<EntityMetrics> entities = new ArrayList<>(summary.operators());
        XYSeriesCollection dataset = dataset(entities, finest, coarsest);
        return ChartRenderer.render(ID, "How identifiable are people?",
                "For the largest holders: of a sample of the people in their data, the share singled out by p points "
                        + "of their purchase trace (a point is a shop and a day; de Montjoye et al. found 4 points "
                        + "single out 90% of 1.1M card holders). Solid lines: " + finest + "; dashed: " + coarsest
                        + " — coarser points make people harder to single out.",
                chart(dataset, !finest.equals(coarsest), summary.scenario(), theme), 800, 520);
    }
}
