package org.paylens.logs;

import com.fasterxml.jackson.databind.JsonNode;
import org.paylens.scenario.Fault;


/**
 * A store wallet's payment log (7pay, FamiPay): JSON Lines in camelCase,
 * Japan time with +09:00, the store nested, the member known by the issuer's own id.
 * <pre>{"paymentId":123,"paidAt":"2019-09-01T12:34:56+09:00","store":{"id":"seven-eleven-kanto-00012",
 * "chain":"seven-eleven"},"amount":720,"memberId":"3f…","service":"7pay"}</pre>
 */
public final class StoreWalletJsonLog implements LogFormat {
    @Override
    public String lineEncoding() {
        return JsonLines.ENCODING;
    }

    @Override
    public String id() {
        return "store-wallet-jsonl";
    }

    @Override
    public void writeRecord(RawRecord r, java.io.OutputStream out) throws java.io.IOException {
        StringBuilder json = new StringBuilder(256).append("{\"paymentId\":").append(r.txnId).append(",\"paidAt\":");
        JsonLines.quoted(json, Defects.localTime(r.epochSeconds, r.fault)).append(",\"store\":{\"id\":");
        JsonLines.quoted(json, r.writtenMerchantId()).append(",\"chain\":");
        JsonLines.quoted(json, r.chain).append('}');
        if (!Fault.MISSING_FIELD.id().equals(r.fault)) {
            json.append(",\"amount\":").append(r.amountYen);
        }
        JsonLines.quoted(json.append(",\"memberId\":"), r.payerRef).append(",\"service\":");
        JsonLines.quoted(json, r.scheme);
        JsonLines.writeLine(out, json.append('}').toString(), r.fault, "amount");
    }

    @Override
    public RecordReader reader(org.apache.hadoop.conf.Configuration conf, org.apache.hadoop.fs.Path file) throws java.io.IOException {
        return JsonLines.reader(conf, file, (text, badBytes, r) -> {
            JsonLines.Json json = new JsonLines.Json(text);
            JsonNode root = json.root;
            String time = json.text(root, "paidAt");
            r.tsMicros = WallClock.parseOffsetMicros(time);
            r.txnId = json.id("paymentId");
            JsonNode store = json.object(root, "store");
            r.merchantId = json.text(store, "id");
            r.chain = json.text(store, "chain");
            String amount = json.text(root, "amount");
            r.amountYen = Defects.integer(amount);
            r.scheme = json.text(root, "service");
            r.payerRef = json.text(root, "memberId");
            r.parseError = Defects.readError(badBytes, text, json.malformed(), amount, r.amountYen, time, r.tsMicros);
        });
    }
}
