package org.paylens.report;

import org.junit.jupiter.api.Test;
import org.paylens.measure.Concentration;
import org.paylens.measure.EntityMetrics;
import org.paylens.measure.Summary;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {
    private static final String SCRIPT = "<script>alert(1)</script>";

    private static Summary summaryWithOperatorNamed(String name) {
        EntityMetrics operator = new EntityMetrics("evil", name, "bank", null, 50, 1, 2, 60, 0.5, 0.5, 0.4, 0.6, 1.0, 1.0,
                0.1, 0.3, 0.6, 0.2, 0.8, null, null, null);
        Concentration spend = Concentration.of(Map.of("evil", 50L));
        return new Summary("tiny", 1, new Summary.Period(LocalDate.of(2019, 9, 1), LocalDate.of(2019, 9, 2)),
                new Summary.Counts(10, 2, 5, 100), null, List.of(operator), List.of(),
                new Summary.ConcentrationByUnit(spend, spend), List.of(), List.of());
    }

    @Test
    void scenarioStringsAreShownAsTextNotMarkup() {
        Summary summary = summaryWithOperatorNamed(SCRIPT);
        String html = HtmlReport.render(summary, List.of(), "{\"name\": \"" + SCRIPT + "\"}");
        assertThat(html).doesNotContain(SCRIPT);
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void escapeCoversTheFiveSpecialCharacters() {
        assertThat(Html.escape("a&b<c>d\"e'f")).isEqualTo("a&amp;b&lt;c&gt;d&quot;e&#39;f");
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void theReportLinksEachChartAsPngAndSvg() {
        Summary summary = summaryWithOperatorNamed("PayPay");
        RenderedChart chart = OperatorCoverageChart.render(summary.operators(), "tiny", ChartTheme.standard());
        String html = HtmlReport.render(summary, List.of(chart), "{}");
        assertThat(html).contains("src=\"charts/operator-coverage.png\"").contains("href=\"charts/operator-coverage.svg\"");
        assertThat(html).doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void theChartRendersAsPngAndSvgOfTheSameSize() throws Exception {
        RenderedChart chart = OperatorCoverageChart.render(summaryWithOperatorNamed("セブン&アイ").operators(), "tiny",
                ChartTheme.standard());
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(chart.png()));
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(chart.png().length).isGreaterThan(5_000);
        assertThat(chart.svg()).startsWith("<?xml").contains("width='900.0'").contains("<svg");
    }

    @Test
    void aJapaneseFontIsUsedWhenInstalled() {
        ChartTheme theme = ChartTheme.standard();
        // .ci/run installs fonts-ipafont-gothic; without it Japanese names render as boxes.
        assertThat(theme.rendersJapanese()).as("a CJK font is installed (font in use: %s)", theme.fontFamilyName()).isTrue();
        assertThat(new java.awt.Font(theme.fontFamilyName(), java.awt.Font.PLAIN, 12).canDisplayUpTo("セブン-イレブン")).isEqualTo(-1);
    }
}
