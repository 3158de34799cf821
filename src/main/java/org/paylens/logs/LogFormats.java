package org.paylens.logs;

import org.paylens.scenario.Scenario;

/** Which format each scheme's operator writes its log in. */
public final class LogFormats {
    private static final LogFormat JSON_LINES = new JsonLinesLog();

    private LogFormats() {
    }

    /** Every scheme writes JSON Lines for now; per-operator native formats come with the generator issue. */
    public static LogFormat forScheme(Scenario scenario, String schemeId) {
        if (!scenario.schemes().containsKey(schemeId)) {
            throw new IllegalArgumentException("unknown scheme " + schemeId);
        }
        return JSON_LINES;
    }
}
