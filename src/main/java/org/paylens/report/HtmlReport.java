package org.paylens.report;

import org.paylens.measure.Calibration;
import org.paylens.measure.Concentration;
import org.paylens.measure.EntityMetrics;
import org.paylens.measure.Summary;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static org.paylens.report.Html.escape;

/** report/index.html: self-contained (no network), sections by question, each chart with its caption and SVG. */
final class HtmlReport {
    private HtmlReport() {
    }

    static String render(Summary summary, List<RenderedChart> charts, String resolvedScenarioJson) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>paylens — ").append(escape(summary.scenario())).append("</title>\n")
                .append("<style>").append(CSS).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<h1>Who sees what people buy? <small>scenario ").append(escape(summary.scenario()))
                .append("</small></h1>\n<p class=\"lede\">")
                .append(String.format(Locale.ROOT, "%,d consumers, %,d purchases worth ¥%,d from %s to %s (seed %d).",
                        summary.counts().consumers(), summary.counts().transactions(), summary.counts().spendYen(),
                        summary.period().start(), summary.period().end(), summary.seed()))
                .append("</p>\n");

        html.append("<section id=\"who-sees-most\">\n<h2>Who sees the most?</h2>\n");
        operatorTable(html, summary.operators());
        for (RenderedChart chart : charts) {
            figure(html, chart);
        }
        html.append("</section>\n");

        html.append("<section id=\"concentration\">\n<h2>How concentrated is it?</h2>\n");
        concentrationTable(html, summary.concentration().spend(), summary.concentration().items());
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

    private static void figure(StringBuilder html, RenderedChart chart) {
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

    private static final String CSS = """
            body{font-family:"IPAGothic","Noto Sans CJK JP",system-ui,sans-serif;color:#222;margin:0;background:#fafafa}
            main{max-width:960px;margin:0 auto;padding:24px;background:#fff}
            h1 small{font-size:55%;color:#666;font-weight:normal}
            .lede{font-size:110%}
            table{border-collapse:collapse;margin:12px 0;width:100%}
            th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left}
            td.num{text-align:right;font-variant-numeric:tabular-nums}
            figure{margin:16px 0}
            figure img{max-width:100%;height:auto;border:1px solid #eee}
            figcaption,.caption{color:#555;font-size:90%}
            pre{background:#f4f4f4;padding:12px;overflow:auto;font-size:80%}
            """;
}
