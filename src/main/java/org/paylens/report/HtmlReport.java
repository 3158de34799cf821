package org.paylens.report;

import org.paylens.measure.Calibration;
import org.paylens.measure.Concentration;
import org.paylens.measure.EntityMetrics;
import org.paylens.measure.Summary;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.paylens.report.Html.escape;

/** report/index.html: self-contained (no network), sections by question, each chart with its caption and SVG. */
final class HtmlReport {
    private HtmlReport() {
    }

    static String render(Summary summary, ReportStage.ReportCharts charts, List<ScenarioEvent> events,
                         String resolvedScenarioJson) {
        StringBuilder html = new StringBuilder(32_768);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>paylens — ").append(escape(summary.scenario())).append("</title>\n")
                .append("<style>").append(CSS).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<h1>Who sees what people buy? <small>scenario ").append(escape(summary.scenario()))
                .append("</small></h1>\n<p class=\"lede\">")
                .append(String.format(Locale.ROOT, "%,d consumers, %,d purchases worth ¥%,d from %s to %s (seed %d).",
                        summary.counts().consumers(), summary.counts().transactions(), summary.counts().spendYen(),
                        summary.period().start(), summary.period().end(), summary.seed()))
                .append("</p>\n<nav><a href=\"#who-sees-most\">Who sees the most?</a> · ")
                .append("<a href=\"#concentration\">How concentrated is it?</a> · ")
                .append("<a href=\"#over-time\">").append(escape(overTimeQuestion(events))).append("</a> · ")
                .append("<a href=\"#identifiable\">How identifiable are people?</a></nav>\n");

        html.append("<section id=\"who-sees-most\">\n<h2>Who sees the most?</h2>\n");
        operatorTable(html, summary.operators());
        charts.whoSeesMost().forEach(chart -> figure(html, chart));
        html.append("</section>\n");

        html.append("<section id=\"concentration\">\n<h2>How concentrated is it?</h2>\n");
        concentrationTable(html, summary.concentration().spend(), summary.concentration().items());
        allianceTable(html, summary.alliances());
        charts.concentration().forEach(chart -> figure(html, chart));
        html.append("</section>\n");

        html.append("<section id=\"over-time\">\n<h2>").append(escape(overTimeQuestion(events))).append("</h2>\n");
        eventList(html, events);
        monthlyTable(html, summary.monthly());
        charts.overTime().forEach(chart -> figure(html, chart));
        html.append("</section>\n");

        html.append("<section id=\"identifiable\">\n<h2>How identifiable are people?</h2>\n");
        unicityTable(html, summary.operators());
        charts.identifiable().forEach(chart -> figure(html, chart));
        charts.consumers().forEach(chart -> figure(html, chart));
        html.append("</section>\n");

        if (summary.calibration() != null && !summary.calibration().isEmpty()) {
            html.append("<section id=\"calibration\">\n<h2>How close is the simulated world to published figures?</h2>\n")
                    .append("<table>\n<thead><tr><th>Figure</th><th>Published</th><th>Simulated</th>")
                    .append("<th>Relative error</th><th>Source</th></tr></thead>\n<tbody>\n");
            for (Calibration.Result result : summary.calibration()) {
                html.append("<tr><td>").append(escape(result.name())).append("</td>")
                        .append(numberCell(result.target())).append(numberCell(result.actual()))
                        .append(Double.isNaN(result.relativeError()) ? "<td class=\"num\">n/a</td>"
                                : String.format(Locale.ROOT, "<td class=\"num\">%+.1f%%</td>", 100 * result.relativeError()))
                        .append("<td>").append(escape(result.source())).append("</td></tr>\n");
            }
            html.append("</tbody>\n</table>\n</section>\n");
        }

        if (summary.ingest() != null) {
            html.append("<section id=\"ingest\">\n<h2>What came in</h2>\n<p>")
                    .append(String.format(Locale.ROOT, "%,d raw records: %,d accepted, %,d quarantined.",
                            summary.ingest().raw(), summary.ingest().accepted(), summary.ingest().quarantined()))
                    .append("</p>\n</section>\n");
        }

        html.append("<section id=\"scenario\">\n<h2>The scenario, as run</h2>\n<pre>")
                .append(escape(resolvedScenarioJson)).append("</pre>\n</section>\n")
                .append("</main>\n</body>\n</html>\n");
        return html.toString();
    }

    /** The section's question names the scenario's first closure, if it has one. */
    static String overTimeQuestion(List<ScenarioEvent> events) {
        return events.stream().filter(e -> e.label().endsWith(" closed")).findFirst()
                .map(e -> "What changed when " + e.label().substring(0, e.label().length() - " closed".length()) + " closed?")
                .orElse("What changed over time?");
    }

    private static void eventList(StringBuilder html, List<ScenarioEvent> events) {
        if (events.isEmpty()) {
            html.append("<p>The scenario has no launch, shutdown or breach inside its period.</p>\n");
            return;
        }
        html.append("<ul class=\"events\">\n");
        events.forEach(e -> html.append("<li>").append(e.date()).append(": ").append(escape(e.label())).append("</li>\n"));
        html.append("</ul>\n");
    }

    /** Month by month: the HHI and the operators whose linked coverage moved most between the first and last month. */
    private static void monthlyTable(StringBuilder html, List<Summary.Month> monthly) {
        if (monthly.isEmpty()) {
            return;
        }
        List<String> movers = movers(monthly);
        html.append("<table>\n<thead><tr><th>Month</th><th>HHI of linked yen</th>");
        for (String id : movers) {
            html.append("<th>").append(escape(nameOf(monthly, id))).append(": spend seen, linked</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (Summary.Month month : monthly) {
            html.append("<tr><td>").append(escape(month.month())).append("</td><td class=\"num\">")
                    .append(String.format(Locale.ROOT, "%,.0f", month.concentration().spend().hhi())).append("</td>");
            for (String id : movers) {
                double coverage = month.operators().stream().filter(m -> m.id().equals(id)).findFirst()
                        .map(EntityMetrics::spendCoverage).orElse(0.0);
                html.append(percentCell(coverage));
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    /** The operators whose monthly linked coverage ranges widest, at most four. */
    static List<String> movers(List<Summary.Month> monthly) {
        Map<String, double[]> range = new TreeMap<>();
        for (Summary.Month month : monthly) {
            for (EntityMetrics m : month.operators()) {
                double[] r = range.computeIfAbsent(m.id(), id -> new double[]{Double.MAX_VALUE, -Double.MAX_VALUE});
                r[0] = Math.min(r[0], m.spendCoverage());
                r[1] = Math.max(r[1], m.spendCoverage());
            }
        }
        return range.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> e.getValue()[1] - e.getValue()[0])
                        .reversed().thenComparing(Map.Entry::getKey))
                .limit(4).map(Map.Entry::getKey).toList();
    }

    private static String nameOf(List<Summary.Month> monthly, String id) {
        return monthly.get(0).operators().stream().filter(m -> m.id().equals(id)).findFirst().map(EntityMetrics::name).orElse(id);
    }

    private static void allianceTable(StringBuilder html, List<EntityMetrics> alliances) {
        if (alliances.isEmpty()) {
            return;
        }
        html.append("<table>\n<thead><tr><th>Alliance</th><th>Members</th><th>Spend seen, linked</th>")
                .append("<th>HHI before</th><th>HHI after</th><th>ΔHHI</th><th>2023 US reading</th>")
                .append("<th>JFTC safe harbour</th></tr></thead>\n<tbody>\n");
        for (EntityMetrics a : alliances) {
            if (a.spendMerger() == null) {
                continue;
            }
            html.append("<tr><td>").append(escape(a.name())).append("</td><td>")
                    .append(escape(String.join(", ", a.members() == null ? List.of() : a.members()))).append("</td>")
                    .append(percentCell(a.spendCoverage()))
                    .append(String.format(Locale.ROOT, "<td class=\"num\">%,.0f</td><td class=\"num\">%,.0f</td>"
                                    + "<td class=\"num\">%+,.0f</td>", a.spendMerger().hhiBefore(), a.spendMerger().hhiAfter(),
                            a.spendMerger().deltaHhi()))
                    .append("<td>").append(escape(a.spendMerger().band2023())).append("</td><td>")
                    .append(a.spendMerger().jftcSafeHarbour() ? "inside" : "outside").append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    /** ε1, ε2 and ε4 of every operator with unicity, at the scenario's first coarsening. */
    private static void unicityTable(StringBuilder html, List<EntityMetrics> operators) {
        List<EntityMetrics> measured = operators.stream().filter(m -> m.unicity() != null && !m.unicity().isEmpty())
                .sorted(Comparator.comparingDouble(EntityMetrics::spendCoverage).reversed().thenComparing(EntityMetrics::id))
                .toList();
        if (measured.isEmpty()) {
            return;
        }
        html.append("<table>\n<thead><tr><th>Operator</th><th>singled out by 1 point</th><th>by 2 points</th>")
                .append("<th>by 4 points</th></tr></thead>\n<tbody>\n");
        for (EntityMetrics m : measured) {
            html.append("<tr><td>").append(escape(m.name())).append("</td>");
            for (String p : List.of("p1", "p2", "p4")) {
                Double value = m.unicity().get(p);
                html.append(value == null ? "<td class=\"num\">–</td>" : percentCell(value));
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static void operatorTable(StringBuilder html, List<EntityMetrics> operators) {
        html.append("<table>\n<thead><tr><th>Operator</th><th>Kind</th><th>Spend seen, linked</th>")
                .append("<th>Purchases seen, linked</th><th>Basket items seen, linked</th>")
                .append("<th>Share of all linked spend</th></tr></thead>\n<tbody>\n");
        operators.stream()
                .sorted(Comparator.comparingDouble(EntityMetrics::spendCoverage).reversed().thenComparing(EntityMetrics::id))
                .forEach(m -> html.append("<tr><td>").append(escape(m.name())).append("</td><td>")
                        .append(escape(m.kind())).append("</td>")
                        .append(percentCell(m.spendCoverage())).append(percentCell(m.txnCoverage()))
                        .append(percentCell(m.itemCoverage())).append(percentCell(m.spendShare()))
                        .append("</tr>\n"));
        html.append("</tbody>\n</table>\n");
    }

    private static void concentrationTable(StringBuilder html, Concentration spend, Concentration items) {
        html.append("<table>\n<thead><tr><th>Data unit</th><th>HHI</th><th>CR1</th><th>CR3</th>")
                .append("<th>2023 US Merger Guidelines</th></tr></thead>\n<tbody>\n");
        concentrationRow(html, "linked yen", spend);
        concentrationRow(html, "linked basket items", items);
        html.append("</tbody>\n</table>\n<p class=\"caption\">HHI = 10,000 × Σ share² over operators' shares of all "
                + "linked data; above 1,800 the 2023 US Merger Guidelines call a market highly concentrated.</p>\n");
    }

    private static void concentrationRow(StringBuilder html, String unit, Concentration c) {
        html.append("<tr><td>").append(unit).append("</td><td class=\"num\">")
                .append(String.format(Locale.ROOT, "%,.0f", c.hhi())).append("</td>")
                .append(percentCell(c.cr1())).append(percentCell(c.cr3()))
                .append("<td>").append(escape(c.band2023())).append("</td></tr>\n");
    }

    static void figure(StringBuilder html, RenderedChart chart) {
        String file = "charts/" + chart.id();
        html.append("<figure>\n<img src=\"").append(file).append(".png\" alt=\"").append(escape(chart.title()))
                .append("\">\n<figcaption>").append(escape(chart.caption()))
                .append(" <a href=\"").append(file).append(".svg\">SVG</a></figcaption>\n</figure>\n");
    }

    /** Shares as given (0.268), larger figures with thousands separators; n/a for a measure with no data. */
    private static String numberCell(double value) {
        if (Double.isNaN(value)) {
            return "<td class=\"num\">n/a</td>";
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "<td class=\"num\">%,.1f</td>" : "<td class=\"num\">%.4g</td>", value);
    }

    private static String percentCell(double share) {
        return String.format(Locale.ROOT, "<td class=\"num\">%.1f%%</td>", 100 * share);
    }

    static final String CSS = """
            body{font-family:system-ui,"Hiragino Sans","Noto Sans CJK JP","IPAPGothic",sans-serif;color:#222;margin:0;background:#fafafa}
            main{max-width:960px;margin:0 auto;padding:24px;background:#fff}
            h1 small{font-size:55%;color:#666;font-weight:normal}
            .lede{font-size:110%}
            table{border-collapse:collapse;margin:12px 0;width:100%}
            th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left}
            td.num{text-align:right;font-variant-numeric:tabular-nums}
            figure{margin:16px 0}
            figure img{max-width:100%;height:auto;border:1px solid #eee}
            figcaption,.caption{color:#555;font-size:90%}
            nav{margin:8px 0 16px;font-size:95%}
            section{margin-top:32px}
            pre{background:#f4f4f4;padding:12px;overflow:auto;font-size:80%}
            """;
}
