package org.paylens.report;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Renders a built chart headless to PNG and SVG at the same size. */
public final class ChartRenderer {
    private ChartRenderer() {
    }

    public static RenderedChart render(String id, String title, String caption, JFreeChart chart, int width, int height) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(png, chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + id + " as PNG", e);
        }
        SVGGraphics2D svg = new SVGGraphics2D(width, height);
        chart.draw(svg, new Rectangle(0, 0, width, height));
        return new RenderedChart(id, title, caption, png.toByteArray(), svg.getSVGDocument());
    }
}
