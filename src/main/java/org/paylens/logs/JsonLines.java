package org.paylens.logs;

import com.fasterxml.jackson.databind.JsonNode;
import org.paylens.scenario.Fault;

import java.nio.charset.StandardCharsets;

/**
 * What the JSON Lines formats share: one record a line, written by the simulation's tasks with its defect, and the
 * lines parsed back with Jackson. A null field is left out, as Spark's own JSON writer leaves it out.
 */
final class JsonLines {
    /** Spark's text source reads and writes UTF-8. */
    static final String ENCODING = "UTF-8";
    static final String CORRUPT = "_corrupt_record";
    static final String LOCAL_TIME_PATTERN = "yyyy-MM-dd'T'HH:mm:ssXXX";

    private JsonLines() {
    }

    private static final byte[] MEMO = ",\"memo\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PADDING = Defects.PADDING.getBytes(StandardCharsets.UTF_8);

    /**
     * A record's line: the JSON object's text with the record's defect, as UTF-8 bytes without the line end. A
     * defective record is cut in half (malformed), has its amount written as text (bad_type:
     * {@code "amountKey":"720円"}), gets a byte that is not UTF-8 (bad_encoding), or ends with a memo field of tens of
     * thousands of characters (oversized).
     *
     * @param fault the record's fault id, or null
     */
    static byte[] line(String json, String fault, String amountKey) {
        if (fault == null) {
            return json.getBytes(StandardCharsets.UTF_8);
        }
        int half = Defects.half(json);
        if (fault.equals(Fault.MALFORMED.id())) {
            return json.substring(0, half).getBytes(StandardCharsets.UTF_8);
        }
        if (fault.equals(Fault.BAD_TYPE.id())) {
            String key = "\"" + amountKey + "\":";
            return json.replaceAll(java.util.regex.Pattern.quote(key) + "([0-9]+)", key + "\"$1" + Defects.YEN_SUFFIX + "\"")
                    .getBytes(StandardCharsets.UTF_8);
        }
        if (fault.equals(Fault.BAD_ENCODING.id())) {
            return Defects.spoiledUtf8(json);
        }
        if (fault.equals(Fault.OVERSIZED.id())) { // the object's closing brace after a huge memo field
            byte[] head = json.substring(0, json.length() - 1).getBytes(StandardCharsets.UTF_8);
            java.io.ByteArrayOutputStream padded = new java.io.ByteArrayOutputStream(head.length + PADDING.length + 16);
            padded.writeBytes(head);
            padded.writeBytes(MEMO);
            padded.writeBytes(PADDING);
            padded.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
            return padded.toByteArray();
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes a record's line with its defect and a line end; a duplicate record twice. */
    static void writeLine(java.io.OutputStream out, String json, String fault, String amountKey) throws java.io.IOException {
        byte[] line = line(json, fault, amountKey);
        for (int copy = Fault.DUPLICATE.id().equals(fault) ? 2 : 1; copy > 0; copy--) {
            out.write(line);
            out.write('\n');
        }
    }

    /** Appends a JSON string literal, escaped as Spark's JSON writer escapes it. */
    static StringBuilder quoted(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    /** A reader of a JSON Lines file: UTF-8, a record a line, the raw text the line's bytes as they are. */
    static RecordReader reader(org.apache.hadoop.conf.Configuration conf, org.apache.hadoop.fs.Path file, LineRecords.Parser parser)
            throws java.io.IOException {
        return new LineRecords(conf, file, StandardCharsets.UTF_8, null, true, parser);
    }

    /**
     * One line parsed as a JSON object, read field by field with the types Spark's {@code from_json} gives a
     * schema's fields: a string field takes any value's text, an integer field only a whole number, a struct only
     * an object. A line that is not a JSON object, or a field of the wrong type, makes the record malformed.
     */
    static final class Json {
        final JsonNode root;
        private final String text;
        private boolean mismatch;

        Json(String text) {
            this.text = text;
            JsonNode parsed;
            try {
                parsed = MAPPER.readTree(text);
            } catch (java.io.IOException notJson) {
                parsed = null;
            }
            this.root = parsed != null && parsed.isObject() ? parsed : null;
        }

        boolean malformed() {
            return root == null || mismatch;
        }

        private static JsonNode value(JsonNode parent, String name) {
            JsonNode value = parent == null ? null : parent.get(name);
            return value == null || value.isNull() ? null : value;
        }

        String text(JsonNode parent, String name) {
            JsonNode value = value(parent, name);
            return value == null ? null : value.isValueNode() ? value.asText() : value.toString();
        }

        Long integer(JsonNode parent, String name) {
            JsonNode value = value(parent, name);
            if (value == null) {
                return null;
            }
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                return value.longValue();
            }
            mismatch = true;
            return null;
        }

        Integer int32(JsonNode parent, String name) {
            JsonNode value = value(parent, name);
            if (value == null) {
                return null;
            }
            if (value.isIntegralNumber() && value.canConvertToInt()) {
                return value.intValue();
            }
            mismatch = true;
            return null;
        }

        JsonNode object(JsonNode parent, String name) {
            return shaped(value(parent, name), JsonNode::isObject);
        }

        JsonNode array(JsonNode parent, String name) {
            return shaped(value(parent, name), JsonNode::isArray);
        }

        JsonNode shaped(JsonNode value, java.util.function.Predicate<JsonNode> shape) {
            if (value == null || shape.test(value)) {
                return value;
            }
            mismatch = true;
            return null;
        }

        /**
         * The record's id: parsed, or for a record that does not parse, salvaged from the start of its text (the
         * digits after {@code "field":}) so that the quarantine can still say which purchase it was.
         */
        Long id(String field) {
            Long parsed = integer(root, field);
            if (parsed != null) {
                return parsed;
            }
            String key = "\"" + field + "\":";
            int at = text.indexOf(key);
            if (at < 0) {
                return null;
            }
            int from = at + key.length();
            int to = from;
            while (to < text.length() && text.charAt(to) >= '0' && text.charAt(to) <= '9') {
                to++;
            }
            return to == from ? null : Defects.integer(text.substring(from, to));
        }
    }
}
