package org.paylens.report;

import org.junit.jupiter.api.Test;
import org.paylens.measure.Summary;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {
    private static final String SCRIPT = "<script>alert(1)</script>";

    private static String render(Summary summary, String scenarioJson) {
        ReportStage.ReportCharts charts = ReportStage.charts(summary, ReportFixtures.events(), ReportFixtures.COARSENINGS,
                ChartTheme.standard());
        return HtmlReport.render(summary, charts, ReportFixtures.events(), scenarioJson);
    }

    @Test
    void scenarioStringsAreShownAsTextNotMarkup() {
        String html = render(ReportFixtures.summary(SCRIPT), "{\"name\": \"" + SCRIPT + "\"}");
        assertThat(html).doesNotContain(SCRIPT);
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void escapeCoversTheFiveSpecialCharacters() {
        assertThat(Html.escape("a&b<c>d\"e'f")).isEqualTo("a&amp;b&lt;c&gt;d&quot;e&#39;f");
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void theReportHasItsFourQuestionsAndLinksEveryChartAsPngAndSvg() {
        Summary summary = ReportFixtures.summary("PayPay Bank");
        ReportStage.ReportCharts charts = ReportStage.charts(summary, ReportFixtures.events(), ReportFixtures.COARSENINGS,
                ChartTheme.standard());
        String html = HtmlReport.render(summary, charts, ReportFixtures.events(), "{}");
        assertThat(charts.all()).hasSize(9);   // eight kinds, the Lorenz curve twice, one consumer in the fixture
        for (RenderedChart chart : charts.all()) {
            assertThat(html).contains("src=\"charts/" + chart.id() + ".png\"").contains("href=\"charts/" + chart.id() + ".svg\"");
        }
        assertThat(html).contains("Who sees the most?", "How concentrated is it?", "What changed when 7pay closed?",
                "How identifiable are people?");
        assertThat(html).doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void theOverTimeSectionAsksAboutTheFirstClosureOrAboutTime() {
        assertThat(HtmlReport.overTimeQuestion(ReportFixtures.events())).isEqualTo("What changed when 7pay closed?");
        assertThat(HtmlReport.overTimeQuestion(List.of())).isEqualTo("What changed over time?");
    }

    @Test
    void theMonthlyTableShowsTheOperatorsWhoseCoverageMovedMost() {
        Summary summary = ReportFixtures.summary("a");
        assertThat(HtmlReport.movers(summary.monthly())).hasSizeLessThanOrEqualTo(4).contains("a", "b", "c");
    }

    @Test
    void aJapaneseFontIsUsedWhenInstalled() {
        ChartTheme theme = ChartTheme.standard();
        // .ci/run installs fonts-ipafont-gothic; without it Japanese names render as boxes.
        assertThat(theme.rendersJapanese()).as("a CJK font is installed (font in use: %s)", theme.fontFamilyName()).isTrue();
        assertThat(new java.awt.Font(theme.fontFamilyName(), java.awt.Font.PLAIN, 12).canDisplayUpTo("セブン-イレブン")).isEqualTo(-1);
    }
}
