package org.paylens.logs;

import org.paylens.scenario.Fault;

import java.util.List;

/**
 * A bank's debit records (J-Debit): CSV in Shift_JIS, as Japanese bank exports are, with Japanese headers, the
 * time in Japan without an offset, and the merchant as the half-width katakana a statement prints.
 * The card identifier is the debit network's own id of the cash card used.
 * <pre>取引番号,取引日時,摘要,加盟店番号,金額,口座番号,金融機関,サービス,カード識別子
 * 123,2019/09/01 12:34:56,ﾃﾞﾋﾞｯﾄ ﾛ-ｿﾝ,lawson-kanto-00003,720,51…,mufg,j-debit,9c…</pre>
 */
public final class BankCsvSjisLog implements LogFormat {
    static final List<String> HEADER = List.of("取引番号", "取引日時", "摘要", "加盟店番号", "金額", "口座番号", "金融機関",
            "サービス", "カード識別子");
    static final String ENCODING = "Shift_JIS";
    private static final String LOCAL_PATTERN = "yyyy/MM/dd HH:mm:ss";
    private static final String DEBIT_PREFIX = "ﾃﾞﾋﾞｯﾄ ";

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
        return "bank-csv-sjis";
    }

    private static final WallClock LOCAL_TIME = WallClock.of(LOCAL_PATTERN, WallClock.JAPAN);
    private static final java.nio.charset.Charset CHARSET = java.nio.charset.Charset.forName(ENCODING);

    @Override
    public String fileExtension() {
        return ".csv";
    }

    @Override
    public RecordFile open(java.io.OutputStream out) throws java.io.IOException {
        return CsvLines.open(this, HEADER, CHARSET, out);
    }

    @Override
    public void writeRecord(RawRecord r, java.io.OutputStream out) throws java.io.IOException {
        String time = Fault.BAD_TIMESTAMP.id().equals(r.fault) ? "2019/02/30 25:61:00" : LOCAL_TIME.format(r.epochSeconds);
        CsvLines.writeLine(out, new String[]{Long.toString(r.txnId), time, DEBIT_PREFIX + r.statementName, r.writtenMerchantId(),
                Defects.amount(r.amountYen, r.fault), r.fundingRef, r.fundingOperator, r.scheme, r.payerRef}, r.fault, CHARSET);
    }

    @Override
    public RecordReader reader(org.apache.hadoop.conf.Configuration conf, org.apache.hadoop.fs.Path file) throws java.io.IOException {
        return CsvLines.reader(conf, file, CHARSET, HEADER, (fields, r) -> {
            String time = fields.get(1);
            r.tsMicros = LOCAL_TIME.parseMicros(time);
            r.txnId = Defects.integer(fields.get(0));
            r.merchantId = fields.get(3);
            String amount = fields.get(4);
            r.amountYen = Defects.integer(amount);
            r.payerRef = fields.get(8);
            r.fundingRef = fields.get(5);
            r.fundingOperator = fields.get(6);
            r.scheme = fields.get(7);
            return new CsvLines.Checked(amount, time);
        });
    }
}
