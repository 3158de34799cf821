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

    private static final WallClock UTC_TIME = WallClock.of(UTC_PATTERN, WallClock.UTC);

    @Override
    public String fileExtension() {
        return ".csv";
    }

    @Override
    public RecordFile open(java.io.OutputStream out) throws java.io.IOException {
        return CsvLines.open(this, HEADER, java.nio.charset.StandardCharsets.UTF_8, out);
    }

    @Override
    public void writeRecord(RawRecord r, java.io.OutputStream out) throws java.io.IOException {
        String time = Fault.BAD_TIMESTAMP.id().equals(r.fault) ? "2019-13-45T99:99:99Z" : UTC_TIME.format(r.epochSeconds);
        CsvLines.writeLine(out, new String[]{Long.toString(r.txnId), time, r.writtenMerchantId(), Defects.amount(r.amountYen, r.fault),
                r.payerRef, r.fundingOperator, r.fundingRef, r.scheme}, r.fault, java.nio.charset.StandardCharsets.UTF_8);
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
