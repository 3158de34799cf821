package org.paylens.report;

import org.junit.jupiter.api.Test;
import org.paylens.measure.Summary;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ComparisonReportTest {
    private static final Summary A = ReportFixtures.summary("Card networks");
    private static final Summary B = ReportFixtures.summary("<b>bold</b>");

    @Test
    void compareShowsEachRunWithItsDifferenceFromTheFirstAndPairedCharts() {
        ComparisonReport.Rendered report = ComparisonReport.compare(List.of("baseline", "what-if"), List.of(A, B),
                List.of("../runs/baseline/report/index.html", "../runs/what-if/report/index.html"), ChartTheme.standard());
        assertThat(report.charts()).extracting(RenderedChart::id).containsExactly("compare-coverage", "compare-hhi-by-month");
        assertThat(report.html()).contains("href=\"../runs/what-if/report/index.html\"").contains("<th>difference</th>")
                .contains("HHI of linked yen").contains("b + c");
        // same figures in both runs: every difference is zero
        assertThat(report.html()).contains("<td class=\"num\">+0</td>");
        assertThat(report.html()).doesNotContain("<b>bold</b>").contains("&lt;b&gt;bold&lt;/b&gt;");
        for (RenderedChart chart : report.charts()) {
            assertThat(report.html()).contains("charts/" + chart.id() + ".png");
            assertThat(chart.png().length).isGreaterThan(8_000);
        }
    }

    @Test
    void theCoverageChartHasOneBarPerOperatorAndRun() {
        var dataset = ComparisonReport.coverageDataset(List.of("a", "b"), List.of(A, B));
        assertThat(dataset.getRowCount()).isEqualTo(2);
        assertThat(dataset.getColumnCount()).isEqualTo(3);   // operators are matched by id, whatever their names
    }

    @Test
    void sweepChartsTheMeasuresAgainstNumericAndNamedValues() {
        ComparisonReport.Rendered numeric = ComparisonReport.sweep("schemes.paypay.weight", List.of("0.5", "2"),
                List.of(A, B), List.of("x", "y"), ChartTheme.standard());
        assertThat(numeric.charts()).extracting(RenderedChart::id).containsExactly("sweep-hhi", "sweep-shares", "sweep-alliances");
        assertThat(numeric.html()).contains("schemes.paypay.weight = 0.5").contains("ΔHHI");
        ComparisonReport.Rendered named = ComparisonReport.sweep("schemes.paypay.logFormat", List.of("platform-wallet-json",
                "payment-event-avro"), List.of(A, B), List.of("x", "y"), ChartTheme.standard());
        assertThat(named.charts()).hasSize(3);
    }
}
