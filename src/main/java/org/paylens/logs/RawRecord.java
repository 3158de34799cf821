package org.paylens.logs;

/**
 * One raw record as the simulation's tasks hand it to a log's format ({@link RecordFile#write}): what a chain's
 * receipt, a scheme operator's payment or a prepaid scheme's top-up holds, and the record's fault, which the format
 * writes it defective with. One instance is filled and written again and again; a field a record does not have is
 * null (or 0).
 */
public final class RawRecord {
    /** The purchase's id; a top-up's id in a top-up log. */
    public long txnId;
    public long epochSeconds;
    public String merchantId;
    public String chain;
    /** How a bank statement names the merchant. */
    public String statementName;
    public long amountYen;
    public String scheme;
    public String payerRef;
    public String fundingOperator;
    public String fundingRef;
    /** The scanned points card's programme, null when none was scanned. */
    public String loyalty;
    public String loyaltyRef;
    public String topupSource;
    public int items;
    public final String[] categories;
    public final long[] prices;
    /** The record's fault id, or null. */
    public String fault;

    public RawRecord(int maxItems) {
        categories = new String[maxItems];
        prices = new long[maxItems];
    }

    /** The merchant id as written: an unknown_merchant record names a store with a digit too many (registry ids have five). */
    String writtenMerchantId() {
        return org.paylens.scenario.Fault.UNKNOWN_MERCHANT.id().equals(fault) ? merchantId + "0" : merchantId;
    }
}
