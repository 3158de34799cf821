package org.paylens.logs;

import org.paylens.scenario.Fault;

import java.util.List;

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
    public RecordReader reader(org.apache.hadoop.conf.Configuration conf, org.apache.hadoop.fs.Path file) throws java.io.IOException {
        return CsvLines.reader(conf, file, java.nio.charset.StandardCharsets.UTF_8, HEADER, (fields, r) -> {
            String time = fields.get(1);
            r.tsMicros = UTC_TIME.parseMicros(time);
            r.txnId = Defects.integer(fields.get(0));
            r.merchantId = fields.get(2);
            String amount = fields.get(3);
            r.amountYen = Defects.integer(amount);
            r.payerRef = fields.get(4);
            r.fundingOperator = fields.get(5);
            r.fundingRef = fields.get(6);
            r.scheme = fields.get(7);
            return new CsvLines.Checked(amount, time);
        });
    }
}
