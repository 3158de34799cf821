package org.paylens.logs;

import org.paylens.scenario.Fault;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the CSV formats share. Lines are built and split by the format itself (values never hold a comma): written
 * by the simulation's tasks, a header first in each file, and read back a line at a time, so each raw line stays
 * whole for the quarantine and a truncated line is caught by its field count.
 */
final class CsvLines {
    /** Each file starts with the header line. */
    static final int HEADER_LINES = 1;

    private CsvLines() {
    }

    /** The amount as text: empty when missing, "720円" for a wrong type. */
    private static final byte[] PADDING = Defects.PADDING.getBytes(StandardCharsets.US_ASCII);

    /** Opens a task's file of a CSV format: the header first, then a line per record by the format's writeRecord. */
    static RecordFile open(LogFormat format, List<String> header, Charset encoding, java.io.OutputStream out) throws java.io.IOException {
        return RecordFile.ofLines(format, out, (String.join(",", header) + "\n").getBytes(encoding), new byte[0]);
    }

    /**
     * Writes a record's line: the fields joined by commas (null as empty), cut in half (malformed), with tens of
     * thousands of characters more (oversized) or with a byte its encoding forbids in the middle (bad_encoding);
     * a duplicate twice.
     */
    static void writeLine(java.io.OutputStream out, String[] fields, String fault, Charset encoding) throws java.io.IOException {
        StringBuilder text = new StringBuilder(192);
        for (int i = 0; i < fields.length; i++) {
            text.append(i == 0 ? "" : ",").append(fields[i] == null ? "" : fields[i]);
        }
        String line = text.toString();
        byte[] bytes;
        if (Fault.MALFORMED.id().equals(fault)) {
            bytes = line.substring(0, Defects.half(line)).getBytes(encoding);
        } else if (Fault.OVERSIZED.id().equals(fault)) {
            byte[] head = line.getBytes(encoding);
            bytes = java.util.Arrays.copyOf(head, head.length + PADDING.length);
            System.arraycopy(PADDING, 0, bytes, head.length, PADDING.length);
        } else if (Fault.BAD_ENCODING.id().equals(fault)) {
            byte[] encoded = line.getBytes(encoding); // spoiled halfway through its bytes
            bytes = Defects.spoiled(java.util.Arrays.copyOf(encoded, encoded.length / 2),
                    java.util.Arrays.copyOfRange(encoded, encoded.length / 2, encoded.length));
        } else {
            bytes = line.getBytes(encoding);
        }
        for (int copy = Fault.DUPLICATE.id().equals(fault) ? 2 : 1; copy > 0; copy--) {
            out.write(bytes);
            out.write('\n');
        }
    }

    /** What a CSV format's fields give the defect checks: the amount and the time as written (null when empty). */
    record Checked(String amountText, String timeText) {
    }

    /** Reads a record's fields (field i, from 0, null when empty) into the record. */
    interface FieldParser {
        Checked parse(Fields fields, ParsedRecord into);
    }

    /** A line split at its commas. */
    static final class Fields {
        private final String[] values;

        Fields(String[] values) {
            this.values = values;
        }

        /** Field i (0-based) as text, null when empty or beyond the line's end. */
        String get(int i) {
            return i < values.length && !values[i].isEmpty() ? values[i] : null;
        }
    }

    /**
     * A reader of a CSV file in the encoding: the first line skipped when it is the header, each other line a
     * record of the header's number of fields (a line with another number, such as a truncated one, is malformed).
     * The raw text kept is the line as decoded.
     */
    static RecordReader reader(org.apache.hadoop.conf.Configuration conf, org.apache.hadoop.fs.Path file, Charset encoding,
                               List<String> header, FieldParser parser) throws java.io.IOException {
        return new LineRecords(conf, file, encoding, String.join(",", header), false, (text, badBytes, r) -> {
            String[] values = text.split(",", -1);
            Checked checked = parser.parse(new Fields(values), r);
            r.parseError = Defects.readError(badBytes, text, values.length != header.size(), checked.amountText(),
                    r.amountYen, checked.timeText(), r.tsMicros);
        });
    }
}
