package org.paylens.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleInsets;

import org.slf4j.LoggerFactory;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.Paint;
import java.util.List;
import java.util.Set;

/**
 * The one look of every paylens chart: white plot, light grid, flat bars, no shadows, anti-aliased text, the
 * Okabe–Ito colour-blind-safe palette, and a font that renders Japanese when one is installed. Applied to each
 * chart explicitly (never set globally).
 */
public final class ChartTheme {
    /** Okabe & Ito (2008), safe for the common colour-vision deficiencies. */
    public static final List<Color> PALETTE = List.of(
            new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0x56B4E9), new Color(0xD55E00), new Color(0xF0E442), new Color(0x000000));
    /** Fonts tried in order; the first installed wins. IPA Gothic is Debian's fonts-ipafont-gothic. */
    static final List<String> PREFERRED_FONTS = List.of("IPAPGothic", "IPAGothic", "Noto Sans CJK JP", "Noto Sans JP",
            "VL Gothic", "TakaoGothic");
    private static final Color GRID = new Color(0xDDDDDD);
    private static final Color TEXT = new Color(0x333333);

    private final String fontFamily;

    private ChartTheme(String fontFamily) {
        this.fontFamily = fontFamily;
    }

    public static ChartTheme standard() {
        ChartTheme theme = new ChartTheme(fontFamily());
        if (!theme.rendersJapanese() && !toldOfMissingFont.getAndSet(true)) {
            LoggerFactory.getLogger("paylens").warn("no Japanese font is installed, so the charts show Japanese names "
                    + "as boxes; every chart is still written. To render them, install one (Debian or Ubuntu: "
                    + "apt-get install fonts-ipafont-gothic) and draw the report again: paylens report --out DIR");
        }
        return theme;
    }

    /** The missing font is said once a JVM, however many reports it draws. */
    private static final java.util.concurrent.atomic.AtomicBoolean toldOfMissingFont = new java.util.concurrent.atomic.AtomicBoolean();

    /** The family used for text: a Japanese-capable one if installed, else the JDK's logical SansSerif. */
    public String fontFamilyName() {
        return fontFamily;
    }

    public boolean rendersJapanese() {
        return !Font.SANS_SERIF.equals(fontFamily);
    }

    static String fontFamily() {
        Set<String> installed = Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
        return PREFERRED_FONTS.stream().filter(installed::contains).findFirst().orElse(Font.SANS_SERIF);
    }

    /** The one dashed line of every chart (reference lines, markers, the coarse series), at a given width. */
    public static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[]{5f, 4f}, 0f);
    }

    public void apply(JFreeChart chart) {
        StandardChartTheme theme = new StandardChartTheme("paylens");
        theme.setExtraLargeFont(new Font(fontFamily, Font.BOLD, 18));
        theme.setLargeFont(new Font(fontFamily, Font.BOLD, 13));
        theme.setRegularFont(new Font(fontFamily, Font.PLAIN, 12));
        theme.setSmallFont(new Font(fontFamily, Font.PLAIN, 10));
        theme.setTitlePaint(TEXT);
        theme.setSubtitlePaint(TEXT);
        theme.setAxisLabelPaint(TEXT);
        theme.setTickLabelPaint(TEXT);
        theme.setLegendItemPaint(TEXT);
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setPlotOutlinePaint(Color.WHITE);
        theme.setDomainGridlinePaint(GRID);
        theme.setRangeGridlinePaint(GRID);
        theme.setAxisOffset(RectangleInsets.ZERO_INSETS);
        theme.setBarPainter(new StandardBarPainter());
        theme.setShadowVisible(false);
        theme.setDrawingSupplier(new org.jfree.chart.plot.DefaultDrawingSupplier(
                PALETTE.toArray(Paint[]::new),
                org.jfree.chart.plot.DefaultDrawingSupplier.DEFAULT_FILL_PAINT_SEQUENCE,
                org.jfree.chart.plot.DefaultDrawingSupplier.DEFAULT_OUTLINE_PAINT_SEQUENCE,
                org.jfree.chart.plot.DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE,
                org.jfree.chart.plot.DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE,
                org.jfree.chart.plot.DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
        theme.apply(chart);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        if (chart.getPlot() instanceof CategoryPlot plot) {
            plot.setOutlineVisible(false);
            plot.setDomainGridlinesVisible(false);
            plot.setRangeGridlinesVisible(true);
            plot.setRangeAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_LEFT);
            if (plot.getRenderer() instanceof BarRenderer bars) {
                bars.setShadowVisible(false);
                bars.setDrawBarOutline(false);
                bars.setItemMargin(0.05);
            }
        }
    }
}
