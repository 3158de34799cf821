package org.paylens.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.DateTickUnit;
import org.jfree.chart.axis.DateTickUnitType;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.time.Month;
import org.jfree.data.time.TimePeriodAnchor;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.paylens.measure.Concentration;
import org.paylens.measure.Summary;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.text.NumberFormat;
import java.text.SimpleDateFormat;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;
import java.util.TimeZone;

/** How concentrated is it, month by month: HHI of linked yen and items, the merger bands, and the scenario's events. */
public final class ConcentrationOverTimeChart {
    public static final String ID = "concentration-over-time";
    private static final Color HIGHLY = new Color(0xFBE3D6);   // a pale tint of the palette's vermillion
    private static final Color TRANSPARENT = new Color(0, 0, 0, 0);

    private ConcentrationOverTimeChart() {
    }

    static TimeSeriesCollection dataset(List<Summary.Month> monthly) {
        TimeSeries spend = new TimeSeries("HHI of linked yen");
        TimeSeries items = new TimeSeries("HHI of linked basket items");
        for (Summary.Month month : monthly) {
            LocalDate first = LocalDate.parse(month.month() + "-01");
            Month period = new Month(first.getMonthValue(), first.getYear());
            spend.add(period, month.concentration().spend().hhi());
            items.add(period, month.concentration().items().hhi());
        }
        TimeSeriesCollection dataset = new TimeSeriesCollection(TimeZone.getTimeZone("UTC"));
        dataset.setXPosition(TimePeriodAnchor.MIDDLE);
        dataset.addSeries(spend);
        dataset.addSeries(items);
        return dataset;
    }

    static JFreeChart chart(TimeSeriesCollection dataset, List<ScenarioEvent> events, Summary.Period period, String scenario,
                            ChartTheme theme) {
        JFreeChart chart = ChartFactory.createTimeSeriesChart("Concentration of purchase data by month — " + scenario,
                null, "HHI across operators (0–10,000)", dataset, true, false, false);
        theme.apply(chart);
        XYPlot plot = chart.getXYPlot();
        NumberAxis hhi = (NumberAxis) plot.getRangeAxis();
        double top = 0;
        for (int s = 0; s < dataset.getSeriesCount(); s++) {
            for (int i = 0; i < dataset.getItemCount(s); i++) {
                top = Math.max(top, dataset.getYValue(s, i));
            }
        }
        hhi.setRange(0, Math.max(Concentration.JFTC_HIGH * 1.12, top * 1.12));
        hhi.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
        IntervalMarker highly = new IntervalMarker(Concentration.HIGHLY_CONCENTRATED_2023, hhi.getUpperBound(), HIGHLY);
        highly.setLabel("highly concentrated (US 2023 guidelines, HHI > 1,800)");
        highly.setLabelFont(new Font(theme.fontFamilyName(), Font.PLAIN, 11));
        highly.setLabelAnchor(RectangleAnchor.BOTTOM_LEFT);
        highly.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        highly.setLabelBackgroundColor(TRANSPARENT);
        plot.addRangeMarker(highly, Layer.BACKGROUND);
        for (double line : new double[]{Concentration.JFTC_LOW, Concentration.JFTC_HIGH}) {
            ValueMarker jftc = new ValueMarker(line, new Color(0x555555), ChartTheme.dashed(1f));
            jftc.setLabel(String.format(Locale.ROOT, "JFTC safe-harbour edge %,.0f", line));
            jftc.setLabelFont(new Font(theme.fontFamilyName(), Font.PLAIN, 10));
            jftc.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
            jftc.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
            jftc.setLabelBackgroundColor(TRANSPARENT);
            plot.addRangeMarker(jftc, Layer.FOREGROUND);
        }
        // One marker per day, its events named together; labels step down so that close days stay readable.
        Map<LocalDate, String> byDay = new TreeMap<>();
        events.forEach(e -> byDay.merge(e.date(), e.label(), (a, b) -> a + ", " + b));
        int step = 0;
        for (Map.Entry<LocalDate, String> day : byDay.entrySet()) {
            ValueMarker marker = new ValueMarker(millis(day.getKey()), ChartTheme.PALETTE.get(5), ChartTheme.dashed(1.2f));
            marker.setLabel(day.getValue());
            marker.setLabelFont(new Font(theme.fontFamilyName(), Font.PLAIN, 10));
            marker.setLabelPaint(ChartTheme.PALETTE.get(5));
            marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            marker.setLabelBackgroundColor(TRANSPARENT);
            marker.setLabelOffset(new RectangleInsets(20 + 14 * (step++ % 4), 4, 4, 4));
            plot.addDomainMarker(marker, Layer.FOREGROUND);
        }
        DateAxis months = (DateAxis) plot.getDomainAxis();
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM", Locale.ROOT);
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        months.setDateFormatOverride(format);
        months.setTickUnit(new DateTickUnit(DateTickUnitType.MONTH, 1));
        months.setRange(millis(period.start()), millis(period.end().plusDays(1)));
        XYLineAndShapeRenderer lines = (XYLineAndShapeRenderer) plot.getRenderer();
        lines.setDefaultShapesVisible(true);
        for (int s = 0; s < dataset.getSeriesCount(); s++) {
            lines.setSeriesStroke(s, new BasicStroke(2.2f));
        }
        return chart;
    }

    private static long millis(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    public static RenderedChart render(Summary summary, List<ScenarioEvent> events, ChartTheme theme) {
        return ChartRenderer.render(ID, "How concentrated is it, month by month?",
                "Each point is one month. The HHI (Herfindahl–Hirschman index) sums the squared percentage shares of "
                        + "all operators in the purchase data they hold linked to a consumer: 10,000 when one operator "
                        + "holds it all, near 0 when it is spread thin. The shaded band is what the 2023 US Merger "
                        + "Guidelines call highly concentrated; the dashed grey lines are the edges of the Japan Fair "
                        + "Trade Commission's safe harbours; the dashed orange lines are the scenario's events.",
                chart(dataset(summary.monthly()), events, summary.period(), summary.scenario(), theme), 900, 480);
    }
}
