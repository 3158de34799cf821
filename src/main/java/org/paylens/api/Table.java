package org.paylens.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small table of results, for a notebook ({@link #toHtml()}) or a terminal ({@link #toString()}). Cells are
 * kept as given (numbers stay numbers) so that code can read them too.
 */
public record Table(String title, List<String> columns, List<List<Object>> rows) {
    public Table {
        columns = List.copyOf(columns);
        List<List<Object>> copied = new ArrayList<>();
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("a row of " + row.size() + " cells in a table of " + columns.size()
                        + " columns: " + row);
            }
            copied.add(java.util.Collections.unmodifiableList(new ArrayList<>(row))); // cells may be null
        }
        rows = List.copyOf(copied);
    }

    /** The first {@code maxRows} rows of a Spark Dataset (collected to the driver: keep it small). */
    public static Table of(String title, org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows, int maxRows) {
        List<String> columns = List.of(rows.columns());
        List<List<Object>> cells = new ArrayList<>();
        for (org.apache.spark.sql.Row row : rows.takeAsList(maxRows)) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                values.add(row.get(i));
            }
            cells.add(values);
        }
        return new Table(title, columns, cells);
    }

    /** The cells of one column, top to bottom. */
    public List<Object> column(String name) {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no column '" + name + "'; columns: " + columns);
        }
        return rows.stream().map(row -> row.get(index)).toList();
    }

    public String toHtml() {
        StringBuilder html = new StringBuilder("<table>");
        if (title != null && !title.isEmpty()) {
            html.append("<caption>").append(escape(title)).append("</caption>");
        }
        html.append("<thead><tr>");
        columns.forEach(c -> html.append("<th>").append(escape(c)).append("</th>"));
        html.append("</tr></thead><tbody>");
        for (List<Object> row : rows) {
            html.append("<tr>");
            row.forEach(cell -> html.append(cell instanceof Number ? "<td style=\"text-align:right\">" : "<td>")
                    .append(escape(format(cell))).append("</td>"));
            html.append("</tr>");
        }
        return html.append("</tbody></table>").toString();
    }

    @Override
    public String toString() {
        List<List<String>> text = new ArrayList<>();
        text.add(columns);
        rows.forEach(row -> text.add(row.stream().map(Table::format).toList()));
        int[] widths = new int[columns.size()];
        text.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        StringBuilder out = new StringBuilder(title == null ? "" : title + "\n");
        for (List<String> row : text) {
            for (int i = 0; i < row.size(); i++) {
                out.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, "%-" + widths[i] + "s", row.get(i)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Whole numbers with thousands separators, fractions to four significant places, nothing for null. */
    static String format(Object cell) {
        if (cell == null) {
            return "";
        }
        if (cell instanceof Double || cell instanceof Float || cell instanceof java.math.BigDecimal) {
            double value = ((Number) cell).doubleValue();
            return Double.isNaN(value) ? "" : Math.abs(value) >= 1000 ? String.format(Locale.ROOT, "%,.0f", value)
                    : String.format(Locale.ROOT, "%.4g", value);
        }
        if (cell instanceof Number number) {
            return String.format(Locale.ROOT, "%,d", number.longValue());
        }
        return cell.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
