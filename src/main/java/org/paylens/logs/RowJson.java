package org.paylens.logs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/**
 * The text the quarantine keeps of a record that has no text of its own (an XML entry as read, a Parquet or Avro
 * row): its fields as a JSON object in the schema's order with null fields left out, as Spark's {@code to_json}
 * renders a struct.
 */
final class RowJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    final ObjectNode node;

    RowJson() {
        this(MAPPER.createObjectNode());
    }

    private RowJson(ObjectNode node) {
        this.node = node;
    }

    RowJson put(String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
        return this;
    }

    RowJson put(String name, Long value) {
        if (value != null) {
            node.put(name, value);
        }
        return this;
    }

    RowJson put(String name, Integer value) {
        if (value != null) {
            node.put(name, value);
        }
        return this;
    }

    /** A nested struct, present (if empty) when {@code present}, else left out like any null field. */
    RowJson object(String name, boolean present) {
        return present ? new RowJson(node.putObject(name)) : new RowJson();
    }

    String text() {
        return node.toString();
    }

    byte[] utf8() {
        return text().getBytes(StandardCharsets.UTF_8);
    }
}
