package org.paylens.logs;

import com.fasterxml.jackson.databind.JsonNode;
import org.paylens.scenario.Fault;


/**
 * A platform wallet's payment log (PayPay, 楽天ペイ, d払い, au PAY): JSON Lines in snake_case with the time in
 * epoch milliseconds (UTC), the amount as value and currency, and the funding source when it is a card.
 * <pre>{"payment_id":123,"created_at":1567308896000,"merchant":{"id":"lawson-kanto-00003","name":"ﾛ-ｿﾝ"},
 * "amount":{"value":720,"currency":"JPY"},"user_id":"9c…","product":"paypay",
 * "funding":{"issuer":"rakuten","account":"51…"}}</pre>
 * A defective time is written as a millisecond count in the year 10000.
 */
public final class PlatformWalletJsonLog implements LogFormat {
    @Override
    public String lineEncoding() {
        return JsonLines.ENCODING;
    }

    @Override
    public String id() {
        return "platform-wallet-jsonl";
    }

    @Override
    public void writeRecord(RawRecord r, java.io.OutputStream out) throws java.io.IOException {
        long millis = Defects.epochMillis(r.epochSeconds, r.fault);
        StringBuilder json = new StringBuilder(320).append("{\"payment_id\":").append(r.txnId)
                .append(",\"created_at\":").append(millis).append(",\"merchant\":{\"id\":");
        JsonLines.quoted(json, r.writtenMerchantId());
        if (r.statementName != null) {
            JsonLines.quoted(json.append(",\"name\":"), r.statementName);
        }
        json.append('}');
        if (!Fault.MISSING_FIELD.id().equals(r.fault)) {
            json.append(",\"amount\":{\"value\":").append(r.amountYen).append(",\"currency\":\"JPY\"}");
        }
        JsonLines.quoted(json.append(",\"user_id\":"), r.payerRef).append(",\"product\":");
        JsonLines.quoted(json, r.scheme);
        if (r.fundingOperator != null) {
            JsonLines.quoted(json.append(",\"funding\":{\"issuer\":"), r.fundingOperator).append(",\"account\":");
            JsonLines.quoted(json, r.fundingRef).append('}');
        }
        JsonLines.writeLine(out, json.append('}').toString(), r.fault, "value");
    }

    @Override
    public RecordReader reader(org.apache.hadoop.conf.Configuration conf, org.apache.hadoop.fs.Path file) throws java.io.IOException {
        return JsonLines.reader(conf, file, (text, badBytes, r) -> {
            JsonLines.Json json = new JsonLines.Json(text);
            JsonNode root = json.root;
            Long millis = json.integer(root, "created_at");
            r.tsMicros = Defects.microsOfEpochMillis(millis);
            r.txnId = json.id("payment_id");
            r.merchantId = json.text(json.object(root, "merchant"), "id");
            String amount = json.text(json.object(root, "amount"), "value");
            r.amountYen = Defects.integer(amount);
            r.scheme = json.text(root, "product");
            r.payerRef = json.text(root, "user_id");
            JsonNode funding = json.object(root, "funding");
            r.fundingOperator = json.text(funding, "issuer");
            r.fundingRef = json.text(funding, "account");
            r.parseError = Defects.readError(badBytes, text, json.malformed(), amount, r.amountYen, millis, r.tsMicros);
        });
    }
}
