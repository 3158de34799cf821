package org.paylens.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeriesCollection;
import org.paylens.measure.Summary;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * "Who sees this consumer", after tracker visualisers such as Lightbeam: the consumer at the centre, every operator
 * that sees some of their spending around them, each circle's area proportional to the share it sees; dark where it
 * knows who paid, light where it sees the money but not the person.
 */
public final class ConsumerViewChart {
    public static final String ID_PREFIX = "who-sees-consumer-";
    private static final double ORBIT = 1.0;
    private static final double LARGEST_RADIUS = 0.24;
    private static final Color LINKED = ChartTheme.PALETTE.get(0);
    private static final Color UNLINKED = new Color(0xBFD9EC);

    private ConsumerViewChart() {
    }

    /** Operators by share seen, largest first, so the biggest watchers sit from the top clockwise. */
    static List<Summary.ConsumerView.Seen> ordered(Summary.ConsumerView view) {
        return view.operators().stream()
                .sorted(Comparator.comparingDouble(Summary.ConsumerView.Seen::seenShare).reversed()
                        .thenComparing(Summary.ConsumerView.Seen::operator))
                .toList();
    }

    static JFreeChart chart(Summary.ConsumerView view, String scenario, ChartTheme theme) {
        NumberAxis x = new NumberAxis();
        NumberAxis y = new NumberAxis();
        for (NumberAxis axis : List.of(x, y)) {
            axis.setRange(-1.55, 1.55);
            axis.setVisible(false);
        }
        XYPlot plot = new XYPlot(new XYSeriesCollection(), x, y, new XYLineAndShapeRenderer());
        Font labelFont = new Font(theme.fontFamilyName(), Font.PLAIN, 11);
        List<Summary.ConsumerView.Seen> seen = ordered(view);
        for (int k = 0; k < seen.size(); k++) {
            Summary.ConsumerView.Seen operator = seen.get(k);
            double angle = 2 * Math.PI * k / seen.size() - Math.PI / 2;
            double cx = ORBIT * Math.cos(angle);
            double cy = -ORBIT * Math.sin(angle);
            double radius = Math.max(0.02, LARGEST_RADIUS * Math.sqrt(operator.seenShare()));
            plot.addAnnotation(new XYLineAnnotation(0, 0, cx, cy,
                    new BasicStroke((float) (0.5 + 5 * operator.linkedShare())), new Color(0xB0B0B0)));
            plot.addAnnotation(new XYShapeAnnotation(circle(cx, cy, radius), null, null, UNLINKED));
            double linkedRadius = radius * Math.sqrt(operator.seenShare() == 0 ? 0 : operator.linkedShare() / operator.seenShare());
            if (linkedRadius > 0) {
                plot.addAnnotation(new XYShapeAnnotation(circle(cx, cy, linkedRadius), null, null, LINKED));
            }
            XYTextAnnotation label = new XYTextAnnotation(String.format(Locale.ROOT, "%s %.0f%% (linked %.0f%%)",
                    operator.name(), 100 * operator.seenShare(), 100 * operator.linkedShare()),
                    cx, cy - radius - 0.05);
            label.setFont(labelFont);
            label.setTextAnchor(TextAnchor.TOP_CENTER);
            plot.addAnnotation(label);
        }
        plot.addAnnotation(new XYShapeAnnotation(circle(0, 0, 0.1), null, null, ChartTheme.PALETTE.get(1)));
        XYTextAnnotation centre = new XYTextAnnotation(String.format(Locale.ROOT, "consumer %s: ¥%,d in %,d purchases",
                view.consumer(), view.spendYen(), view.purchases()), 0, -0.14);
        centre.setFont(new Font(theme.fontFamilyName(), Font.BOLD, 12));
        centre.setTextAnchor(TextAnchor.TOP_CENTER);
        plot.addAnnotation(centre);
        JFreeChart chart = new JFreeChart("Who sees this consumer? — " + scenario, plot);
        chart.removeLegend();
        theme.apply(chart);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        return chart;
    }

    private static Ellipse2D circle(double cx, double cy, double radius) {
        return new Ellipse2D.Double(cx - radius, cy - radius, 2 * radius, 2 * radius);
    }

    public static RenderedChart render(Summary.ConsumerView view, int number, String scenario, ChartTheme theme) {
        return ChartRenderer.render(ID_PREFIX + number, "Who sees consumer " + view.consumer() + "?",
                "One simulated person (drawn at random among those with at least ten purchases) at the centre, and "
                        + "every operator that sees some of what they spent over the period around them. A circle's "
                        + "area is the share of their spending the operator sees; its dark core the share it can tie "
                        + "to them, the light ring the share it sees without knowing who paid. Thicker spokes: more "
                        + "linked. This view uses the simulation's true identities, which no operator has.",
                chart(view, scenario, theme), 700, 760);
    }
}
