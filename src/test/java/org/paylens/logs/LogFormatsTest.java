package org.paylens.logs;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paylens.SparkTestSession;
import org.paylens.scenario.SchemeSpec;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/** Readers on hand-made files: what a hostile or broken feed cannot do to the ingest. */
class LogFormatsTest {
    private static final String SECRET = "TOP-SECRET-7c1e";
    private static SparkSession spark;
    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void everyPaymentLogFormatAScenarioCanNameHasAReader() {
        assertThat(LogFormats.PAYMENT_FORMATS.keySet()).containsExactlyInAnyOrderElementsOf(SchemeSpec.LOG_FORMATS);
    }

    @Test
    void theXmlReaderResolvesNoExternalEntity() throws IOException {
        Path secret = Files.writeString(work.resolve("secret.txt"), SECRET);
        Path dir = Files.createDirectories(work.resolve("xxe"));
        Files.writeString(dir.resolve("part-00000.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE Document [<!ENTITY xxe SYSTEM "%s">]>
                <Document>
                <Ntry><NtryRef>1</NtryRef><Amt Ccy="JPY">720</Amt><BookgDt><DtTm>2019-10-01T12:00:00+09:00</DtTm></BookgDt>
                <Svc>bank-pay</Svc><Dbtr><Id>&xxe;</Id></Dbtr><Cdtr><Nm>x</Nm><Id>lawson-kanto-00001</Id></Cdtr></Ntry>
                <Ntry><NtryRef>2</NtryRef><Amt Ccy="JPY">500</Amt><BookgDt><DtTm>2019-10-01T12:05:00+09:00</DtTm></BookgDt>
                <Svc>bank-pay</Svc><Dbtr><Id>abc</Id></Dbtr><Cdtr><Nm>y</Nm><Id>lawson-kanto-00002</Id></Cdtr></Ntry>
                </Document>
                """.formatted(secret.toUri()));
        Dataset<Row> read = ParsedRecords.read(spark, new Iso20022XmlLog(), dir.toString());
        List<String> everything = read.toJSON().collectAsList();
        assertThat(everything).isNotEmpty().noneMatch(json -> json.contains(SECRET));
    }

    @Test
    void aShiftJisLineWithABrokenByteIsQuarantinedAsBadEncodingAndTheOthersAreRead() throws IOException {
        Charset sjis = Charset.forName("Shift_JIS");
        Path dir = Files.createDirectories(work.resolve("sjis"));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write((String.join(",", BankCsvSjisLog.HEADER) + "\n").getBytes(sjis));
        file.write("1,2019/09/01 12:34:56,ﾃﾞﾋﾞｯﾄ ﾛ-ｿﾝ,lawson-kanto-00003,720,a1,mufg,j-debit,c1\n".getBytes(sjis));
        byte[] broken = "2,2019/09/01 12:40:00,ﾃﾞﾋﾞｯﾄ ﾛ-ｿﾝ,lawson-kanto-00004,500,a2,mufg,j-debit,c2\n".getBytes(sjis);
        broken[30] = (byte) 0x81; // a double-byte lead byte (in place of "-") ...
        broken[31] = (byte) 0x20; // ... followed by a space, which no trail byte can be
        file.write(broken);
        file.write("3,2019/09/01 13:00:00,ﾃﾞﾋﾞｯﾄ ｾﾌﾞﾝｲﾚﾌﾞﾝ,seven-eleven-kanto-00001,300,a3,mufg,j-debit,c3\n".getBytes(sjis));
        Files.write(dir.resolve("part-00000.csv"), file.toByteArray());

        List<Row> rows = ParsedRecords.read(spark, new BankCsvSjisLog(), dir.toString()).orderBy(col("raw")).collectAsList();
        assertThat(rows).hasSize(3);
        assertThat(rows).extracting(r -> r.<String>getAs("parse_error")).containsExactly(null, "bad_encoding", null);
        assertThat(rows.get(0).<String>getAs("merchant_id")).isEqualTo("lawson-kanto-00003");
        assertThat(rows.get(2).<Long>getAs("amount_yen")).isEqualTo(300L);
    }

    @Test
    void aUtf8JsonLineWithAnInvalidByteOrAHugeFieldIsQuarantinedNotFatal() throws IOException {
        Path dir = Files.createDirectories(work.resolve("json"));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        String good = "{\"chargeId\":1,\"chargedAt\":\"2019-09-01T12:00:00+09:00\",\"service\":\"suica\",\"memberId\":\"m\",\"amount\":1000,\"source\":{\"type\":\"cash\"}}";
        file.write((good + "\n").getBytes(StandardCharsets.UTF_8));
        file.write(good.replace("\"chargeId\":1", "\"chargeId\":2").replace("suica", "su\u00ffica").getBytes(StandardCharsets.ISO_8859_1));
        file.write('\n');
        file.write((good.replace("\"chargeId\":1", "\"chargeId\":3").replace("\"m\"", "\"" + "m".repeat(100_000) + "\"") + "\n")
                .getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("part-00000.txt"), file.toByteArray());

        List<Row> rows = ParsedRecords.read(spark, new TopupJsonLog(), dir.toString()).orderBy(col("txn_id")).collectAsList();
        assertThat(rows).extracting(r -> r.<Long>getAs("txn_id")).containsExactly(1L, 2L, 3L);
        assertThat(rows).extracting(r -> r.<String>getAs("parse_error")).containsExactly(null, "bad_encoding", "oversized");
    }

    /**
     * Nothing in a file goes unaccounted: an empty line is a (malformed) record at its own line number, a CSV
     * file's first line is skipped only when it is the header (a header line further on is a record, its amount
     * "amount_jpy" not a number), and a record's position is its line in the file.
     */
    @Test
    void everyLineIsARecordAtItsLineNumberAndOnlyAFirstLineHeaderIsSkipped() throws IOException {
        Path csv = Files.createDirectories(work.resolve("lines-csv"));
        String header = String.join(",", CardNetworkCsvLog.HEADER);
        String record = "7,2019-09-01T03:34:56Z,lawson-kanto-00003,720,t,rakuten,a,credit-card";
        Files.writeString(csv.resolve("part-00000.csv"), header + "\n" + record + "\n\n" + header + "\n");
        List<Row> rows = ParsedRecords.read(spark, new CardNetworkCsvLog(), csv.toString()).orderBy("position").collectAsList();
        assertThat(rows).extracting(r -> r.<Long>getAs("position")).containsExactly(2L, 3L, 4L);
        assertThat(rows).extracting(r -> r.<String>getAs("parse_error")).containsExactly(null, "malformed", "bad_type");
        assertThat(rows.get(0).<Long>getAs("txn_id")).isEqualTo(7L);
        assertThat(rows.get(2).<Long>getAs("txn_id")).as("a header line after the first is a record (with no id)").isNull();

        Path json = Files.createDirectories(work.resolve("lines-json"));
        String good = "{\"chargeId\":1,\"chargedAt\":\"2019-09-01T12:00:00+09:00\",\"service\":\"suica\",\"memberId\":\"m\",\"amount\":1000,\"source\":{\"type\":\"cash\"}}";
        Files.writeString(json.resolve("part-00000.txt"), good + "\r\n\n" + good.replace("\"chargeId\":1", "\"chargeId\":2").substring(0, 40));
        rows = ParsedRecords.read(spark, new TopupJsonLog(), json.toString()).orderBy("position").collectAsList();
        assertThat(rows).extracting(r -> r.<Long>getAs("position")).containsExactly(1L, 2L, 3L);
        assertThat(rows).extracting(r -> r.<String>getAs("parse_error")).containsExactly(null, "malformed", "malformed");
        assertThat(rows.get(0).<String>getAs("raw")).as("the line end is not part of the record").isEqualTo(good);
        assertThat(rows.get(2).<Long>getAs("txn_id")).as("a cut record's id is salvaged from its text").isEqualTo(2L);
    }

    /**
     * Every format as the simulation's tasks write it, read back by its own reader: a clean record's fields as
     * written, and each fault the format can carry as the reader finds it (a duplicate twice, an unknown merchant
     * with a store number of six digits, a missing amount as no amount).
     */
    @Test
    void everyFormatReadsBackWhatItsWriterWroteWithEachDefect() throws IOException {
        List<LogFormat> formats = new java.util.ArrayList<>(List.of(LogFormats.POS, LogFormats.TOPUPS));
        formats.addAll(LogFormats.PAYMENT_FORMATS.values());
        java.util.Set<org.paylens.scenario.Fault> readerFinds = java.util.EnumSet.of(org.paylens.scenario.Fault.MALFORMED,
                org.paylens.scenario.Fault.BAD_TYPE, org.paylens.scenario.Fault.BAD_TIMESTAMP,
                org.paylens.scenario.Fault.BAD_ENCODING, org.paylens.scenario.Fault.OVERSIZED);
        for (LogFormat format : formats) {
            Path dir = Files.createDirectories(work.resolve("written-" + format.id()));
            List<org.paylens.scenario.Fault> faults = List.copyOf(format.faults());
            try (RecordFile file = format.open(Files.newOutputStream(dir.resolve("part-00000" + format.fileExtension())))) {
                file.write(record(100, null));
                for (int i = 0; i < faults.size(); i++) {
                    file.write(record(101 + i, faults.get(i).id()));
                }
            }
            List<Row> rows = ParsedRecords.read(spark, format, dir.toString()).collectAsList();
            java.util.Map<Long, List<Row>> byId = new java.util.HashMap<>();
            rows.forEach(r -> byId.computeIfAbsent(r.getAs("txn_id"), id -> new java.util.ArrayList<>()).add(r));
            Row clean = byId.get(100L).get(0);
            assertThat(clean.<String>getAs("parse_error")).as(format.id()).isNull();
            assertThat(clean.<Long>getAs("amount_yen")).as(format.id()).isEqualTo(720L);
            assertThat(clean.<java.sql.Timestamp>getAs("ts").toInstant()).as(format.id())
                    .isEqualTo(java.time.Instant.parse("2019-09-01T03:34:56Z"));
            assertThat(clean.<String>getAs("scheme")).as(format.id()).isEqualTo("7pay");
            for (int i = 0; i < faults.size(); i++) {
                org.paylens.scenario.Fault fault = faults.get(i);
                List<Row> copies = byId.get(101L + i);
                String what = format.id() + " " + fault.id();
                if (readerFinds.contains(fault)) {
                    // a truncated record may lose its id to the cut: then it is the one row left without one
                    Row read = copies != null ? copies.get(0) : byId.get(null).get(0);
                    assertThat(read.<String>getAs("parse_error")).as(what).isEqualTo(fault.id());
                    continue;
                }
                assertThat(copies).as(what).isNotNull();
                assertThat(copies.get(0).<String>getAs("parse_error")).as(what).isNull();
                switch (fault) {
                    case DUPLICATE -> assertThat(copies).as(what).hasSize(2);
                    case MISSING_FIELD -> assertThat(copies.get(0).<Long>getAs("amount_yen")).as(what).isNull();
                    case UNKNOWN_MERCHANT -> assertThat(copies.get(0).<String>getAs("merchant_id")).as(what)
                            .isEqualTo("lawson-kanto-000030");
                    default -> throw new AssertionError("no check for " + what);
                }
            }
        }
    }

    private static RawRecord record(long id, String fault) {
        RawRecord r = new RawRecord(2);
        r.txnId = id;
        r.epochSeconds = java.time.Instant.parse("2019-09-01T03:34:56Z").getEpochSecond();
        r.merchantId = "lawson-kanto-00003";
        r.chain = "lawson";
        r.statementName = "ﾛ-ｿﾝ";
        r.amountYen = 720;
        r.scheme = "7pay";
        r.payerRef = "3f00aa";
        r.fundingOperator = "mufg";
        r.fundingRef = "51bb00";
        r.topupSource = "bank";
        r.items = 2;
        r.categories[0] = "food";
        r.categories[1] = "other";
        r.prices[0] = 360;
        r.prices[1] = 360;
        r.fault = fault;
        return r;
    }
}
