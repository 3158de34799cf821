package org.paylens.logs;

import org.paylens.scenario.Scenario;
import org.paylens.scenario.SchemeSpec;

/**
 * Which format each log is written in: the chains' point-of-sale logs in one, each scheme operator's payment log
 * in the shape its kind of operator uses.
 */
public final class LogFormats {
    public static final LogFormat POS = new PosJsonLog();
    private static final LogFormat STORE_WALLET = new StoreWalletJsonLog();
    private static final LogFormat PLATFORM_WALLET = new PlatformWalletJsonLog();
    private static final LogFormat BANK_CONSORTIUM = new Iso20022XmlLog();
    private static final LogFormat BANK_DEBIT = new BankCsvSjisLog();
    private static final LogFormat CARD_NETWORK = new CardNetworkCsvLog();

    private LogFormats() {
    }

    /** The format of a (non-cash) scheme's payment log. */
    public static LogFormat forScheme(Scenario scenario, String schemeId) {
        SchemeSpec scheme = scenario.schemes().get(schemeId);
        if (scheme == null) {
            throw new IllegalArgumentException("unknown scheme " + schemeId);
        }
        return switch (scheme.kind()) {
            case CARD -> CARD_NETWORK;
            case STORE_WALLET, EMONEY -> STORE_WALLET;
            case PLATFORM_WALLET -> PLATFORM_WALLET;
            case BANK_DIRECT -> scheme.method() == SchemeSpec.Method.DEBIT ? BANK_DEBIT : BANK_CONSORTIUM;
            case CASH -> throw new IllegalArgumentException("cash has no payment log; its purchases are in the POS logs");
        };
    }
}
