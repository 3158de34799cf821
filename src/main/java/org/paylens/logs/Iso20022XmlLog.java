package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import org.paylens.scenario.Fault;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Set;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/**
 * A bank consortium switch's notifications (Bank Pay, J-Coin Pay, 銀行Pay): XML in the shape of an ISO 20022
 * camt.054 debit notification, one {@code <Ntry>} per payment under a {@code <Document>} root, written and read
 * with Spark's own XML source.
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
    public void write(Dataset<Row> records, String dir) {
        LogFormat.writer(records.select(
                        col("txn_id").cast("string").as("NtryRef"),
                        Defects.unlessMissing(struct(lit("JPY").as("_Ccy"), Defects.amountText(col("amount_yen")).as("_VALUE"))).as("Amt"),
                        struct(Defects.localTimeText(col("ts")).as("DtTm")).as("BookgDt"),
                        col("scheme").as("Svc"),
                        struct(col("payer_ref").as("Id")).as("Dbtr"),
                        when(col("funding_operator").isNotNull(), struct(col("funding_operator").as("Svcr"),
                                col("funding_ref").as("Id"))).as("DbtrAcct"),
                        struct(when(Defects.is(Fault.OVERSIZED), concat(col("statement_name"), Defects.PADDING))
                                .otherwise(col("statement_name")).as("Nm"), col("merchant_id").as("Id")).as("Cdtr"),
                        col(LogFormat.LOG))
                ).format("xml").option("rootTag", "Document").option("rowTag", "Ntry")
                .option("compression", "none").save(dir);
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
