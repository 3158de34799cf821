package org.paylens.logs;

import org.paylens.scenario.Funding;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.SchemeKind;
import org.paylens.scenario.SchemeSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which logs a scenario has and the format each is written in: the chains' point-of-sale logs in one, each scheme
 * operator's payment log in the shape its kind of operator uses, and each prepaid scheme's top-up (charge) log.
 */
public final class LogFormats {
    public static final LogFormat POS = new PosJsonLog();
    public static final LogFormat TOPUPS = new TopupJsonLog();
    private static final LogFormat STORE_WALLET = new StoreWalletJsonLog();
    private static final LogFormat PLATFORM_WALLET = new PlatformWalletJsonLog();
    private static final LogFormat BANK_CONSORTIUM = new Iso20022XmlLog();
    private static final LogFormat BANK_DEBIT = new BankCsvSjisLog();
    private static final LogFormat CARD_NETWORK = new CardNetworkCsvLog();
    private static final LogFormat EMONEY = new EmoneyParquetLog();
    private static final LogFormat PAYMENT_EVENTS = new PaymentEventAvroLog();
    /** The formats a scheme can name in its logFormat key, by id. */
    static final Map<String, LogFormat> PAYMENT_FORMATS = Stream.of(CARD_NETWORK, BANK_DEBIT, BANK_CONSORTIUM, STORE_WALLET,
            PLATFORM_WALLET, PAYMENT_EVENTS, EMONEY).collect(Collectors.toUnmodifiableMap(LogFormat::id, format -> format));

    /** Any format by its id. */
    public static LogFormat byId(String id) {
        LogFormat format = id.equals(POS.id()) ? POS : id.equals(TOPUPS.id()) ? TOPUPS : PAYMENT_FORMATS.get(id);
        if (format == null) {
            throw new IllegalArgumentException("unknown log format " + id);
        }
        return format;
    }

    /** What a log records. */
    public enum Kind {
        /** A chain's receipts: every purchase in its shops. */
        POS,
        /** A scheme operator's payments: the purchases paid with the scheme. */
        PAYMENT,
        /** A prepaid scheme operator's top-ups of its users' balances. */
        TOPUP
    }

    /**
     * One log under raw/.
     *
     * @param name    its directory under raw/ and its name in truth/faults, the quarantine and summary.json
     * @param kind    what it records
     * @param subject the chain (POS) or scheme (PAYMENT, TOPUP) it is the log of
     * @param format  how it is written and read
     */
    public record Log(String name, Kind kind, String subject, LogFormat format) {
    }

    private LogFormats() {
    }

    /** Every log of the scenario, chains' POS logs first, then each non-cash scheme's payments and top-ups. */
    public static List<Log> of(Scenario scenario) {
        List<Log> logs = new ArrayList<>();
        scenario.chains().keySet().forEach(chain -> logs.add(new Log(posLog(chain), Kind.POS, chain, POS)));
        scenario.schemes().forEach((id, scheme) -> {
            if (scheme.kind() != SchemeKind.CASH) {
                logs.add(new Log(id, Kind.PAYMENT, id, forScheme(scenario, id)));
            }
        });
        scenario.schemes().forEach((id, scheme) -> {
            if (scheme.funding() == Funding.TOPUP) {
                logs.add(new Log(topupLog(id), Kind.TOPUP, id, TOPUPS));
            }
        });
        return logs;
    }

    /** The raw/ directory of a chain's point-of-sale log. */
    public static String posLog(String chain) {
        return "pos-" + chain;
    }

    /** The raw/ directory of a prepaid scheme's top-up log. */
    public static String topupLog(String scheme) {
        return scheme + "-topups";
    }

    /** The format of a (non-cash) scheme's payment log: the one it names, or the usual one for its kind. */
    public static LogFormat forScheme(Scenario scenario, String schemeId) {
        SchemeSpec scheme = scenario.schemes().get(schemeId);
        if (scheme == null) {
            throw new IllegalArgumentException("unknown scheme " + schemeId);
        }
        if (scheme.logFormat() != null) {
            LogFormat named = PAYMENT_FORMATS.get(scheme.logFormat());
            if (named == null) {
                throw new IllegalArgumentException("schemes." + schemeId + ".logFormat: unknown format " + scheme.logFormat());
            }
            return named;
        }
        return switch (scheme.kind()) {
            case CARD -> CARD_NETWORK;
            case STORE_WALLET -> STORE_WALLET;
            case EMONEY -> EMONEY;
            case PLATFORM_WALLET -> PLATFORM_WALLET;
            case BANK_DIRECT -> scheme.method() == SchemeSpec.Method.DEBIT ? BANK_DEBIT : BANK_CONSORTIUM;
            case CASH -> throw new IllegalArgumentException("cash has no payment log; its purchases are in the POS logs");
        };
    }
}
