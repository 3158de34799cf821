package org.paylens.logs;

import com.fasterxml.jackson.databind.JsonNode;
import org.paylens.scenario.Fault;


/**
 * A chain's point-of-sale log: JSON Lines, one receipt a line, Japan time with +09:00, the items nested, the
 * payment method and the loyalty card when one was scanned. The simulation's tasks write it ({@link Receipt}), one
 * file per task and chain; a field that is null is left out, as Spark's JSON writer leaves it out.
 * <pre>{"receipt":123,"time":"2019-09-01T12:34:56+09:00","store":"seven-eleven-kanto-00012","chain":"seven-eleven",
 * "total":720,"payment":{"method":"7pay"},"loyalty":{"programme":"nanaco-point","member":"3f…"},
 * "items":[{"no":1,"category":"food","price":360},{"no":2,"category":"other","price":360}]}</pre>
 */
public final class PosJsonLog implements LogFormat {
    @Override
    public String lineEncoding() {
        return JsonLines.ENCODING;
    }

    @Override
    public String id() {
        return "pos-jsonl";
    }

    @Override
    public void writeRecord(RawRecord r, java.io.OutputStream out) throws java.io.IOException {
        StringBuilder json = new StringBuilder(512).append("{\"receipt\":").append(r.txnId).append(",\"time\":");
        JsonLines.quoted(json, Defects.localTime(r.epochSeconds, r.fault)).append(",\"store\":");
        JsonLines.quoted(json, r.writtenMerchantId()).append(",\"chain\":");
        JsonLines.quoted(json, r.chain);
        if (!Fault.MISSING_FIELD.id().equals(r.fault)) {
            json.append(",\"total\":").append(r.amountYen);
        }
        JsonLines.quoted(json.append(",\"payment\":{\"method\":"), r.scheme).append('}');
        if (r.loyalty != null) {
            JsonLines.quoted(json.append(",\"loyalty\":{\"programme\":"), r.loyalty).append(",\"member\":");
            JsonLines.quoted(json, r.loyaltyRef).append('}');
        }
        json.append(",\"items\":[");
        for (int i = 0; i < r.items; i++) {
            json.append(i == 0 ? "{\"no\":" : ",{\"no\":").append(i + 1).append(",\"category\":");
            JsonLines.quoted(json, r.categories[i]).append(",\"price\":").append(r.prices[i]).append('}');
        }
        JsonLines.writeLine(out, json.append("]}").toString(), r.fault, "total");
    }

    @Override
    public RecordReader reader(org.apache.hadoop.conf.Configuration conf, org.apache.hadoop.fs.Path file) throws java.io.IOException {
        return JsonLines.reader(conf, file, (text, badBytes, r) -> {
            JsonLines.Json json = new JsonLines.Json(text);
            JsonNode root = json.root;
            String time = json.text(root, "time");
            r.tsMicros = WallClock.parseOffsetMicros(time);
            r.txnId = json.id("receipt");
            r.merchantId = json.text(root, "store");
            r.chain = json.text(root, "chain");
            String total = json.text(root, "total");
            r.amountYen = Defects.integer(total);
            r.scheme = json.text(json.object(root, "payment"), "method");
            JsonNode loyalty = json.object(root, "loyalty");
            r.loyalty = json.text(loyalty, "programme");
            r.loyaltyRef = json.text(loyalty, "member");
            JsonNode items = json.array(root, "items");
            if (items != null) {
                java.util.List<ParsedRecord.Item> basket = r.newBasket();
                for (JsonNode item : items) {
                    JsonNode line = json.shaped(item.isNull() ? null : item, JsonNode::isObject);
                    basket.add(line == null ? null
                            : new ParsedRecord.Item(json.int32(line, "no"), json.text(line, "category"), json.integer(line, "price")));
                }
            }
            r.parseError = Defects.readError(badBytes, text, json.malformed(), total, r.amountYen, time, r.tsMicros);
        });
    }
}
