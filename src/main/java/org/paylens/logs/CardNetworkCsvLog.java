package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.paylens.scenario.Fault;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/**
 * A card network's authorisation records: UTF-8 CSV with a header, times in UTC with a Z, the card as the
 * network's token and the issuer with its own account reference.
 * <pre>auth_id,txn_time_utc,merchant_id,amount_jpy,card_token,issuer,issuer_account_ref,product
 * 123,2019-09-01T03:34:56Z,lawson-kanto-00003,720,9c…,rakuten,51…,credit-card</pre>
 */
public final class CardNetworkCsvLog implements LogFormat {
    static final List<String> HEADER = List.of("auth_id", "txn_time_utc", "merchant_id", "amount_jpy", "card_token",
            "issuer", "issuer_account_ref", "product");
    private static final String UTC_PATTERN = "yyyy-MM-dd'T'HH:mm:ss'Z'";
    private static final String ENCODING = "UTF-8";

    @Override
    public int headerLines() {
        return CsvLines.HEADER_LINES;
    }

    @Override
    public String lineEncoding() {
        return ENCODING;
    }

    @Override
    public String id() {
        return "card-network-csv";
    }

    @Override
    public void write(Dataset<Row> records, String dir) {
        // The session time zone is UTC (SparkSessions), so formatting ts gives UTC wall time.
        Column time = when(Defects.is(Fault.BAD_TIMESTAMP), lit("2019-13-45T99:99:99Z"))
                .otherwise(date_format(col("ts"), UTC_PATTERN));
        CsvLines.write(records, HEADER, List.of(col("txn_id"), time, col("merchant_id"),
                CsvLines.amountText(col("amount_yen")), col("payer_ref"), col("funding_operator"), col("funding_ref"),
                col("scheme")), ENCODING, dir);
    }

    @Override
    public Dataset<Row> read(SparkSession spark, String... dirs) {
        Dataset<Row> lines = CsvLines.parse(spark, ENCODING, HEADER, dirs);
        Column timeText = CsvLines.field(1);
        Column ts = try_to_timestamp(timeText, lit(UTC_PATTERN));
        Map<String, Column> fields = new HashMap<>();
        fields.put("txn_id", CsvLines.field(0).try_cast("bigint"));
        fields.put("ts", ts);
        fields.put("merchant_id", CsvLines.field(2));
        fields.put("amount_yen", CsvLines.field(3).try_cast("bigint"));
        fields.put("payer_ref", CsvLines.field(4));
        fields.put("funding_operator", CsvLines.field(5));
        fields.put("funding_ref", CsvLines.field(6));
        fields.put("scheme", CsvLines.field(7));
        Column error = CsvLines.readError(HEADER.size(), CsvLines.field(3), timeText, ts);
        return lines.select(ParsedRecords.select(fields, col("raw"), error));
    }
}
