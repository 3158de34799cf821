package org.paylens.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * One raw record as a format's {@link RecordReader} read it: the fields of {@link ParsedRecords#FIELDS} (null where
 * the record lacks one), its place in its file, its text and the first defect the reader found. One instance is
 * filled again and again, so a reader allocates nothing per record but the values themselves.
 */
public final class ParsedRecord {
    /** A basket line; any part can be null when the record lacks it. */
    public record Item(Integer itemNo, String category, Long priceYen) {
    }

    public Long txnId;
    /** The instant, in microseconds since the epoch (Spark's timestamp), or null. */
    public Long tsMicros;
    public String merchantId;
    public String chain;
    public Long amountYen;
    public String scheme;
    public String payerRef;
    public String fundingOperator;
    public String fundingRef;
    public String loyalty;
    public String loyaltyRef;
    public String topupSource;
    /** The receipt's items, or null when the record has none (only POS records have baskets). */
    public List<Item> basket;
    /** Where the record is in its file, from 1: the line for line formats (a header counted), else the ordinal. */
    public long position;
    /** The record's text as read (UTF-8; for a line of a UTF-8 format, the bytes of the file, valid or not). */
    public byte[] raw;
    /** The first defect the reader found (a {@link org.paylens.scenario.Fault} id), or null. */
    public String parseError;

    void clear() {
        txnId = null;
        tsMicros = null;
        merchantId = null;
        chain = null;
        amountYen = null;
        scheme = null;
        payerRef = null;
        fundingOperator = null;
        fundingRef = null;
        loyalty = null;
        loyaltyRef = null;
        topupSource = null;
        basket = null;
        raw = null;
        parseError = null;
    }

    List<Item> newBasket() {
        basket = new ArrayList<>();
        return basket;
    }
}
