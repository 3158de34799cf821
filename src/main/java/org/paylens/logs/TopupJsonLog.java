package org.paylens.logs;

import com.fasterxml.jackson.databind.JsonNode;
import org.paylens.scenario.Fault;

import java.util.EnumSet;
import java.util.Set;

/**
 * A prepaid scheme operator's top-up (charge) log, one per prepaid scheme: JSON Lines, Japan time with +09:00,
 * the member by the operator's own id, where the money came from (bank, card or cash) and, for a bank or card, the
 * account charged as that bank or issuer knows it — so the log shows what the funding bank sees: "¥5,000 to 7pay",
 * not what was bought with it. Every operator's charge log has this one shape here.
 * <pre>{"chargeId":123,"chargedAt":"2019-07-01T12:32:56+09:00","service":"7pay","memberId":"3f…","amount":5000,
 * "source":{"type":"bank","operator":"mufg","account":"51…"}}</pre>
 * Top-ups name no merchant, so they carry every defect but an unknown merchant.
 */
public final class TopupJsonLog implements LogFormat {
    @Override
    public String lineEncoding() {
        return JsonLines.ENCODING;
    }

    @Override
    public String id() {
        return "topup-jsonl";
    }

    @Override
    public Set<Fault> faults() {
        return EnumSet.complementOf(EnumSet.of(Fault.UNKNOWN_MERCHANT));
    }

    @Override
    public void writeRecord(RawRecord r, java.io.OutputStream out) throws java.io.IOException {
        StringBuilder json = new StringBuilder(256).append("{\"chargeId\":").append(r.txnId).append(",\"chargedAt\":");
        JsonLines.quoted(json, Defects.localTime(r.epochSeconds, r.fault)).append(",\"service\":");
        JsonLines.quoted(json, r.scheme).append(",\"memberId\":");
        JsonLines.quoted(json, r.payerRef);
        if (!Fault.MISSING_FIELD.id().equals(r.fault)) {
            json.append(",\"amount\":").append(r.amountYen);
        }
        JsonLines.quoted(json.append(",\"source\":{\"type\":"), r.topupSource);
        if (r.fundingOperator != null) {
            JsonLines.quoted(json.append(",\"operator\":"), r.fundingOperator).append(",\"account\":");
            JsonLines.quoted(json, r.fundingRef);
        }
        JsonLines.writeLine(out, json.append("}}").toString(), r.fault, "amount");
    }

    @Override
    public RecordReader reader(org.apache.hadoop.conf.Configuration conf, org.apache.hadoop.fs.Path file) throws java.io.IOException {
        return JsonLines.reader(conf, file, (text, badBytes, r) -> {
            JsonLines.Json json = new JsonLines.Json(text);
            JsonNode root = json.root;
            String time = json.text(root, "chargedAt");
            r.tsMicros = WallClock.parseOffsetMicros(time);
            r.txnId = json.id("chargeId");
            String amount = json.text(root, "amount");
            r.amountYen = Defects.integer(amount);
            r.scheme = json.text(root, "service");
            r.payerRef = json.text(root, "memberId");
            JsonNode source = json.object(root, "source");
            r.topupSource = json.text(source, "type");
            r.fundingOperator = json.text(source, "operator");
            r.fundingRef = json.text(source, "account");
            r.parseError = Defects.readError(badBytes, text, json.malformed(), amount, r.amountYen, time, r.tsMicros);
        });
    }
}
