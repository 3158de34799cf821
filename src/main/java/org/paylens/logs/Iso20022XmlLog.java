package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import org.paylens.scenario.Fault;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Set;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/**
 * A bank consortium switch's notifications (Bank Pay, J-Coin Pay, 銀行Pay): XML in the shape of an ISO 20022
 * camt.054 debit notification, one {@code <Ntry>} per payment under a {@code <Document>} root, written by the
 * simulation's tasks in the layout Spark's XML writer gives and read with Spark's own XML source.
 * <pre>&lt;Ntry&gt;&lt;NtryRef&gt;123&lt;/NtryRef&gt;&lt;Amt Ccy="JPY"&gt;720&lt;/Amt&gt;&lt;BookgDt&gt;&lt;DtTm&gt;2019-10-01T12:34:56+09:00&lt;/DtTm&gt;&lt;/BookgDt&gt;
 * &lt;Svc&gt;bank-pay&lt;/Svc&gt;&lt;Dbtr&gt;&lt;Id&gt;9c…&lt;/Id&gt;&lt;/Dbtr&gt;&lt;DbtrAcct&gt;&lt;Svcr&gt;mufg&lt;/Svcr&gt;&lt;Id&gt;51…&lt;/Id&gt;&lt;/DbtrAcct&gt;
 * &lt;Cdtr&gt;&lt;Nm&gt;ﾛ-ｿﾝ&lt;/Nm&gt;&lt;Id&gt;lawson-kanto-00003&lt;/Id&gt;&lt;/Cdtr&gt;&lt;/Ntry&gt;</pre>
 * XML entries carry no raw bytes of their own here (Spark's XML source decodes the file), so this format is not
 * written with truncated entries or invalid bytes, which would spoil the entries around them too.
 */
public final class Iso20022XmlLog implements LogFormat {
    private static final StructType SCHEMA = new StructType()
            .add("NtryRef", DataTypes.StringType)
            .add("Amt", new StructType().add("_Ccy", DataTypes.StringType).add("_VALUE", DataTypes.StringType))
            .add("BookgDt", new StructType().add("DtTm", DataTypes.StringType))
            .add("Svc", DataTypes.StringType)
            .add("Dbtr", new StructType().add("Id", DataTypes.StringType))
            .add("DbtrAcct", new StructType().add("Svcr", DataTypes.StringType).add("Id", DataTypes.StringType))
            .add("Cdtr", new StructType().add("Nm", DataTypes.StringType).add("Id", DataTypes.StringType));

    @Override
    public Set<Fault> faults() {
        return EnumSet.complementOf(EnumSet.of(Fault.MALFORMED, Fault.BAD_ENCODING));
    }

    @Override
    public String id() {
        return "iso20022-xml";
    }

    @Override
    public String fileExtension() {
        return ".xml";
    }

    /** A file as Spark's XML writer lays it out: the declaration, the root, each entry indented by four spaces. */
    @Override
    public RecordFile open(java.io.OutputStream out) throws java.io.IOException {
        return RecordFile.ofLines(this, out,
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Document>".getBytes(StandardCharsets.UTF_8),
                "\n</Document>".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void writeRecord(RawRecord r, java.io.OutputStream out) throws java.io.IOException {
        StringBuilder xml = new StringBuilder(640).append("\n    <Ntry>");
        element(xml, 2, "NtryRef", Long.toString(r.txnId));
        String amount = Defects.amount(r.amountYen, r.fault);
        if (amount != null) {
            xml.append("\n        <Amt Ccy=\"JPY\">").append(escaped(amount)).append("</Amt>");
        }
        xml.append("\n        <BookgDt>");
        element(xml, 3, "DtTm", Defects.localTime(r.epochSeconds, r.fault));
        xml.append("\n        </BookgDt>");
        element(xml, 2, "Svc", r.scheme);
        xml.append("\n        <Dbtr>");
        element(xml, 3, "Id", r.payerRef);
        xml.append("\n        </Dbtr>");
        if (r.fundingOperator != null) {
            xml.append("\n        <DbtrAcct>");
            element(xml, 3, "Svcr", r.fundingOperator);
            element(xml, 3, "Id", r.fundingRef);
            xml.append("\n        </DbtrAcct>");
        }
        xml.append("\n        <Cdtr>");
        element(xml, 3, "Nm", Fault.OVERSIZED.id().equals(r.fault) ? r.statementName + Defects.PADDING : r.statementName);
        element(xml, 3, "Id", r.writtenMerchantId());
        xml.append("\n        </Cdtr>\n    </Ntry>");
        byte[] entry = xml.toString().getBytes(StandardCharsets.UTF_8);
        for (int copy = Fault.DUPLICATE.id().equals(r.fault) ? 2 : 1; copy > 0; copy--) {
            out.write(entry);
        }
    }

    private static void element(StringBuilder xml, int depth, String name, String text) {
        if (text != null) {
            xml.append('\n').append("    ".repeat(depth)).append('<').append(name).append('>').append(escaped(text))
                    .append("</").append(name).append('>');
        }
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public Dataset<Row> read(SparkSession spark, String... dirs) {
        Dataset<Row> entries = ParsedRecords.withOrigin(spark.read().format("xml").option("rowTag", "Ntry")
                .option("mode", "PERMISSIVE").schema(SCHEMA).load(dirs));
        Column timeText = col("BookgDt.DtTm");
        Column ts = try_to_timestamp(timeText, lit(JsonLines.LOCAL_TIME_PATTERN));
        Column amountText = col("Amt._VALUE");
        Column amount = amountText.try_cast("bigint");
        Map<String, Column> fields = new HashMap<>();
        fields.put("txn_id", col("NtryRef").try_cast("bigint"));
        fields.put("ts", ts);
        fields.put("merchant_id", col("Cdtr.Id"));
        fields.put("amount_yen", amount);
        fields.put("scheme", col("Svc"));
        fields.put("payer_ref", col("Dbtr.Id"));
        fields.put("funding_operator", col("DbtrAcct.Svcr"));
        fields.put("funding_ref", col("DbtrAcct.Id"));
        // The XML source gives no record text; the quarantine keeps the entry as read.
        Column raw = to_json(struct(col("NtryRef"), col("Amt"), col("BookgDt"), col("Svc"), col("Dbtr"), col("DbtrAcct"), col("Cdtr")));
        Column idText = col("NtryRef");
        Column error = Defects.readError(raw, idText.isNotNull().and(idText.try_cast("bigint").isNull()), amountText, amount, timeText, ts);
        return entries.select(ParsedRecords.select(fields, raw, error));
    }
}
