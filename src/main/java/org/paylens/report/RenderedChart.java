package org.paylens.report;

/**
 * One chart rendered two ways from the same JFreeChart object, with what the report says about it.
 *
 * @param id      file name stem, e.g. operator-coverage
 * @param title   heading in the report
 * @param caption how to read the chart
 * @param png     PNG bytes
 * @param svg     SVG text
 */
public record RenderedChart(String id, String title, String caption, byte[] png, String svg) {
    /** The PNG as base64, as a notebook shows an image: {@code MIME("image/png" to chart.pngBase64())} in Kotlin. */
    public String pngBase64() {
        return java.util.Base64.getEncoder().encodeToString(png);
    }
}
