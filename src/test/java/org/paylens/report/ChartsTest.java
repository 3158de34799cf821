package org.paylens.report;

import org.jfree.data.xy.XYSeries;
import org.junit.jupiter.api.Test;
import org.paylens.measure.EntityMetrics;
import org.paylens.measure.Summary;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every chart kind renders from a small summary, as PNG and SVG of the same size, with what it should show. */
class ChartsTest {
    private static final ChartTheme THEME = ChartTheme.standard();
    private static final Summary SUMMARY = ReportFixtures.summary("三井住友カード");

    private static Map<String, RenderedChart> charts() {
        return ReportStage.charts(SUMMARY, ReportFixtures.events(), ReportFixtures.COARSENINGS, THEME).all().stream()
                .collect(Collectors.toMap(RenderedChart::id, c -> c));
    }

    @Test
    void everyChartKindRendersAsANonTrivialPngAndAnSvgOfTheSameSize() throws IOException {
        Map<String, RenderedChart> charts = charts();
        assertThat(charts).containsKeys(OperatorCoverageChart.ID, ConcentrationOverTimeChart.ID, LorenzChart.OPERATORS_ID,
                LorenzChart.DEPTH_ID, CategoryHeatMapChart.ID, ProfileDepthChart.ID, UnicityChart.ID,
                AllianceMergerChart.ID, ConsumerViewChart.ID_PREFIX + "1");
        for (RenderedChart chart : charts.values()) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(chart.png()));
            assertThat(image.getWidth()).as(chart.id()).isGreaterThanOrEqualTo(600);
            assertThat(image.getHeight()).as(chart.id()).isGreaterThanOrEqualTo(200);
            assertThat(chart.png().length).as(chart.id()).isGreaterThan(8_000);
            assertThat(chart.svg()).as(chart.id()).startsWith("<?xml")
                    .contains("width='" + image.getWidth() + ".0'").contains("height='" + image.getHeight() + ".0'");
            assertThat(chart.caption()).as(chart.id()).hasSizeGreaterThan(80);
            assertThat(distinctColours(image)).as(chart.id() + " is more than a blank canvas").isGreaterThan(20);
        }
    }

    @Test
    void theCoverageBarsSplitWhatIsSeenFourWaysAndAddUpToTheSeenShare() {
        var dataset = OperatorCoverageChart.dataset(SUMMARY.operators());
        EntityMetrics first = SUMMARY.operators().get(0);
        double total = 0;
        for (int row = 0; row < dataset.getRowCount(); row++) {
            total += dataset.getValue(row, dataset.getColumnIndex(first.name())).doubleValue();
        }
        assertThat(dataset.getRowCount()).isEqualTo(4);
        assertThat(total).isCloseTo(100 * first.seenSpendCoverage(), within(1e-9));
    }

    @Test
    void theDepthLorenzCurveIsExactAtTheBinEdges() {
        EntityMetrics.DepthDistribution depth = new EntityMetrics.DepthDistribution(List.of(), List.of(1L, 0L, 3L),
                List.of(0.0, 0.0, 3.0));
        XYSeries curve = LorenzChart.depthCurve("x", depth);
        // one consumer of depth 0, then three of depth 1 each: (0,0), (25,0), (100,100)
        assertThat(curve.getItemCount()).isEqualTo(3);
        assertThat(curve.getX(1).doubleValue()).isEqualTo(25.0);
        assertThat(curve.getY(1).doubleValue()).isEqualTo(0.0);
        assertThat(curve.getY(2).doubleValue()).isEqualTo(100.0);
    }

    @Test
    void theHeatMapPutsTheLargestHolderOnTopAndOneCellPerOperatorAndCategory() {
        CategoryHeatMapChart.Grid grid = CategoryHeatMapChart.grid(SUMMARY.operators());
        assertThat(grid.categories()).containsExactly("clothing", "food");
        assertThat(grid.operators().get(grid.operators().size() - 1)).isEqualTo("三井住友カード");
        assertThat(grid.dataset().getItemCount(0)).isEqualTo(6);
    }

    @Test
    void theUnicityChartPairsEachLargeHolderAtTheFinestAndACoarseResolution() {
        var dataset = UnicityChart.dataset(SUMMARY.operators(), "merchant/day", "chain/day");
        assertThat(dataset.getSeriesCount()).isEqualTo(6);
        assertThat(dataset.getSeries(0).getKey()).isEqualTo("三井住友カード — merchant/day");
        assertThat(dataset.getSeries(1).getY(1).doubleValue()).isEqualTo(10.0);
    }

    @Test
    void eventsOutsideThePeriodOrOnItsFirstDayAreNotMarked() {
        var scenario = org.paylens.scenario.ScenarioLoader.load("baseline-2019", List.of());
        List<ScenarioEvent> events = ScenarioEvent.of(scenario);
        assertThat(events).extracting(ScenarioEvent::label).contains("7pay closed");
        assertThat(events).allMatch(e -> e.date().isAfter(scenario.period().start())
                && !e.date().isAfter(scenario.period().end()));
        assertThat(events).filteredOn(e -> e.label().equals("7pay closed")).first()
                .extracting(ScenarioEvent::date).hasToString("2019-10-01");
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
