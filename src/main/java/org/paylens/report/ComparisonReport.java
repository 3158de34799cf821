package org.paylens.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.paylens.measure.EntityMetrics;
import org.paylens.measure.Summary;
import org.paylens.pipeline.OutputDir;

import java.awt.BasicStroke;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import static org.paylens.report.Html.escape;

/**
 * One report over several runs: `compare` (scenarios side by side, differences against the first) and `sweep` (one
 * scenario key varied, the measures charted against its value). Reads only the runs' summaries.
 */
public final class ComparisonReport {
    /** The headline measures, in table order. */
    static final List<Headline> HEADLINES = List.of(
            new Headline("HHI of linked yen", s -> s.concentration().spend().hhi(), "%,.0f"),
            new Headline("HHI of linked basket items", s -> s.concentration().items().hhi(), "%,.0f"),
            new Headline("largest holder's share of linked yen (CR1)", s -> s.concentration().spend().cr1(), "%.3f"),
            new Headline("three largest holders' share (CR3)", s -> s.concentration().spend().cr3(), "%.3f"),
            new Headline("Gini across operators", s -> s.concentration().spend().gini(), "%.3f"),
            new Headline("largest holder's consumer reach", s -> largest(s).consumerReach(), "%.3f"),
            new Headline("largest holder's ε₂ (singled out by 2 points)",
                    s -> largest(s).unicity() == null ? Double.NaN : largest(s).unicity().getOrDefault("p2", Double.NaN), "%.3f"),
            new Headline("purchases", s -> s.counts().transactions(), "%,.0f"),
            new Headline("spend (¥)", s -> s.counts().spendYen(), "%,.0f"));

    /** A measure of one run for the headline table and the sweep charts. */
    record Headline(String name, ToDoubleFunction<Summary> value, String format) {
    }

    /** The report's page and its charts. */
    public record Rendered(String html, List<RenderedChart> charts) {
    }

    private ComparisonReport() {
    }

    static EntityMetrics largest(Summary summary) {
        return summary.operators().stream()
                .max(Comparator.comparingDouble(EntityMetrics::spendCoverage).thenComparing(EntityMetrics::id,
                        Comparator.reverseOrder()))
                .orElseThrow();
    }

    /** Scenarios side by side: the headline table with each run's difference from the first, and paired charts. */
    public static Rendered compare(List<String> labels, List<Summary> summaries, List<String> runLinks, ChartTheme theme) {
        List<RenderedChart> charts = List.of(coverageChart(labels, summaries, theme), hhiByMonthChart(labels, summaries, theme));
        StringBuilder html = page("Comparing " + String.join(" and ", labels));
        html.append("<p class=\"lede\">").append(summaries.size()).append(" runs; differences are against ")
                .append(escape(labels.get(0))).append(".</p>\n");
        headlineTable(html, labels, summaries, runLinks, true);
        allianceTable(html, labels, summaries);
        charts.forEach(chart -> HtmlReport.figure(html, chart));
        return new Rendered(close(html), charts);
    }

    /** One key varied: the headline table per value, and the measures charted against the value. */
    public static Rendered sweep(String key, List<String> values, List<Summary> summaries, List<String> runLinks,
                                 ChartTheme theme) {
        List<RenderedChart> charts = new ArrayList<>();
        charts.add(sweepChart("sweep-hhi", "How concentrated, as " + key + " varies?", key, values, summaries,
                List.of(HEADLINES.get(0), HEADLINES.get(1)), "HHI across operators (0–10,000)", theme));
        charts.add(sweepChart("sweep-shares", "How much do the largest hold, as " + key + " varies?", key, values, summaries,
                List.of(HEADLINES.get(2), HEADLINES.get(3), HEADLINES.get(4)), "share or Gini (0–1)", theme));
        Set<String> alliances = allianceIds(summaries);
        if (!alliances.isEmpty()) {
            List<Headline> deltas = alliances.stream().map(id -> new Headline("ΔHHI if " + allianceName(summaries, id)
                    + " pooled", s -> alliance(s, id) == null ? Double.NaN : alliance(s, id).spendMerger().deltaHhi(), "%+,.0f")).toList();
            charts.add(sweepChart("sweep-alliances", "What would pooling do, as " + key + " varies?", key, values, summaries,
                    deltas, "ΔHHI of linked yen", theme));
        }
        StringBuilder html = page("Sweeping " + key);
        html.append("<p class=\"lede\">").append(summaries.size()).append(" runs of one scenario, ")
                .append(escape(key)).append(" = ").append(escape(String.join(", ", values))).append(".</p>\n");
        List<String> labels = values.stream().map(v -> key + " = " + v).toList();
        headlineTable(html, labels, summaries, runLinks, false);
        allianceTable(html, labels, summaries);
        charts.forEach(chart -> HtmlReport.figure(html, chart));
        return new Rendered(close(html), charts);
    }

    /** Writes DIR/report/index.html and its charts atomically. */
    public static void publish(OutputDir root, Rendered report) {
        root.staging(OutputDir.REPORT);
        for (RenderedChart chart : report.charts()) {
            root.writeStaged(OutputDir.REPORT, "charts/" + chart.id() + ".png", chart.png());
            root.writeStaged(OutputDir.REPORT, "charts/" + chart.id() + ".svg", chart.svg().getBytes(StandardCharsets.UTF_8));
        }
        root.writeStaged(OutputDir.REPORT, ReportStage.INDEX, report.html());
        root.publish(OutputDir.REPORT);
    }

    private static StringBuilder page(String title) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>paylens — ").append(escape(title)).append("</title>\n")
                .append("<style>").append(HtmlReport.CSS).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n");
        return html;
    }

    private static String close(StringBuilder html) {
        return html.append("</main>\n</body>\n</html>\n").toString();
    }

    private static void headlineTable(StringBuilder html, List<String> labels, List<Summary> summaries, List<String> runLinks,
                                      boolean differences) {
        html.append("<table>\n<thead><tr><th>Measure</th>");
        for (int i = 0; i < labels.size(); i++) {
            html.append("<th><a href=\"").append(escape(runLinks.get(i))).append("\">").append(escape(labels.get(i)))
                    .append("</a></th>");
            if (differences && i > 0) {
                html.append("<th>difference</th>");
            }
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (Headline headline : HEADLINES) {
            html.append("<tr><td>").append(escape(headline.name())).append("</td>");
            double first = headline.value().applyAsDouble(summaries.get(0));
            for (int i = 0; i < summaries.size(); i++) {
                double value = headline.value().applyAsDouble(summaries.get(i));
                html.append(cell(headline.format(), value));
                if (differences && i > 0) {
                    html.append(cell(headline.format().replace("%", "%+"), value - first));
                }
            }
            html.append("</tr>\n");
        }
        html.append("<tr><td>largest holder</td>");
        for (int i = 0; i < summaries.size(); i++) {
            html.append("<td>").append(escape(largest(summaries.get(i)).name())).append("</td>");
            if (differences && i > 0) {
                html.append("<td></td>");
            }
        }
        html.append("</tr>\n</tbody>\n</table>\n");
    }

    private static void allianceTable(StringBuilder html, List<String> labels, List<Summary> summaries) {
        Set<String> ids = allianceIds(summaries);
        if (ids.isEmpty()) {
            return;
        }
        html.append("<h2>Alliances scored as mergers (ΔHHI of linked yen)</h2>\n<table>\n<thead><tr><th>Alliance</th>");
        labels.forEach(label -> html.append("<th>").append(escape(label)).append("</th>"));
        html.append("</tr></thead>\n<tbody>\n");
        for (String id : ids) {
            html.append("<tr><td>").append(escape(allianceName(summaries, id))).append("</td>");
            for (Summary summary : summaries) {
                EntityMetrics alliance = alliance(summary, id);
                html.append(alliance == null ? "<td class=\"num\">–</td>"
                        : cell("%+,.0f", alliance.spendMerger().deltaHhi()));
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static String cell(String format, double value) {
        return Double.isNaN(value) ? "<td class=\"num\">–</td>"
                : "<td class=\"num\">" + escape(String.format(Locale.ROOT, format, value)) + "</td>";
    }

    private static Set<String> allianceIds(List<Summary> summaries) {
        Set<String> ids = new LinkedHashSet<>();
        summaries.forEach(s -> s.alliances().forEach(a -> ids.add(a.id())));
        return ids;
    }

    private static EntityMetrics alliance(Summary summary, String id) {
        return summary.alliances().stream().filter(a -> a.id().equals(id) && a.spendMerger() != null).findFirst().orElse(null);
    }

    private static String allianceName(List<Summary> summaries, String id) {
        return summaries.stream().flatMap(s -> s.alliances().stream()).filter(a -> a.id().equals(id))
                .map(EntityMetrics::name).findFirst().orElse(id);
    }

    /** Each operator's linked spend coverage in each run, operators by their largest coverage in any run. */
    static DefaultCategoryDataset coverageDataset(List<String> labels, List<Summary> summaries) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, Double> largest = new LinkedHashMap<>();
        summaries.forEach(s -> s.operators().forEach(m -> {
            names.putIfAbsent(m.id(), m.name());
            largest.merge(m.id(), m.spendCoverage(), Math::max);
        }));
        List<String> order = largest.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (int i = 0; i < summaries.size(); i++) {
            Map<String, Double> coverage = new LinkedHashMap<>();
            summaries.get(i).operators().forEach(m -> coverage.put(m.id(), m.spendCoverage()));
            for (String id : order) {
                dataset.addValue(100 * coverage.getOrDefault(id, 0.0), labels.get(i), names.get(id));
            }
        }
        return dataset;
    }

    private static RenderedChart coverageChart(List<String> labels, List<Summary> summaries, ChartTheme theme) {
        DefaultCategoryDataset dataset = coverageDataset(labels, summaries);
        JFreeChart chart = ChartFactory.createBarChart("Who sees the most, run by run", null,
                "share of all spend seen and linked (%)", dataset, PlotOrientation.HORIZONTAL, true, false, false);
        theme.apply(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        ((NumberAxis) plot.getRangeAxis()).setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
        int bars = dataset.getColumnCount() * Math.max(1, dataset.getRowCount());
        return ChartRenderer.render("compare-coverage", "Who sees the most, run by run?",
                "For each operator, one bar per run: the share of all yen spent in that run's world that the operator "
                        + "sees and can tie to a consumer.", chart, 900, 140 + 14 * bars + 10 * dataset.getColumnCount());
    }

    private static RenderedChart hhiByMonthChart(List<String> labels, List<Summary> summaries, ChartTheme theme) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        Set<String> months = new java.util.TreeSet<>();
        summaries.forEach(s -> s.monthly().forEach(m -> months.add(m.month())));
        List<String> monthList = List.copyOf(months);
        for (int i = 0; i < summaries.size(); i++) {
            XYSeries series = new XYSeries(labels.get(i));
            for (Summary.Month month : summaries.get(i).monthly()) {
                series.add(monthList.indexOf(month.month()), month.concentration().spend().hhi());
            }
            dataset.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Concentration by month, run by run", null,
                "HHI of linked yen (0–10,000)", dataset, PlotOrientation.VERTICAL, true, false, false);
        theme.apply(chart);
        XYPlot plot = chart.getXYPlot();
        plot.setDomainAxis(new SymbolAxis(null, monthList.toArray(String[]::new)));
        styleLines(plot, dataset.getSeriesCount());
        ((NumberAxis) plot.getRangeAxis()).setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
        return ChartRenderer.render("compare-hhi-by-month", "How concentrated, month by month, run by run?",
                "One line per run: the HHI of linked yen across operators in each calendar month (1,800 and above is "
                        + "highly concentrated under the 2023 US Merger Guidelines).", chart, 900, 480);
    }

    private static RenderedChart sweepChart(String id, String title, String key, List<String> values, List<Summary> summaries,
                                            List<Headline> measures, String yLabel, ChartTheme theme) {
        boolean numeric = values.stream().allMatch(ComparisonReport::isNumber);
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Headline measure : measures) {
            XYSeries series = new XYSeries(measure.name());
            for (int i = 0; i < values.size(); i++) {
                double y = measure.value().applyAsDouble(summaries.get(i));
                if (!Double.isNaN(y)) {
                    series.add(numeric ? Double.parseDouble(values.get(i)) : i, y);
                }
            }
            dataset.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, key, yLabel, dataset, PlotOrientation.VERTICAL,
                true, false, false);
        theme.apply(chart);
        XYPlot plot = chart.getXYPlot();
        if (!numeric) {
            plot.setDomainAxis(new SymbolAxis(key, values.toArray(String[]::new)));
        }
        styleLines(plot, dataset.getSeriesCount());
        return ChartRenderer.render(id, title, "Each point is one run of the scenario with " + key
                + " set to the value on the horizontal axis; everything else is the same, seed included.", chart, 900, 480);
    }

    private static void styleLines(XYPlot plot, int series) {
        XYLineAndShapeRenderer lines = (XYLineAndShapeRenderer) plot.getRenderer();
        lines.setDefaultShapesVisible(true);
        for (int s = 0; s < series; s++) {
            lines.setSeriesStroke(s, new BasicStroke(2.2f));
        }
    }

    static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
