package org.paylens.report;

import org.paylens.scenario.Scenario;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A dated event of the scenario that the charts mark: a scheme's launch or shutdown, a breach, a top-up freeze.
 *
 * @param date  the day
 * @param label e.g. "7pay closed"
 */
public record ScenarioEvent(LocalDate date, String label) {

    /** The events inside the scenario's period (a launch on its first day is no event), in date order. */
    public static List<ScenarioEvent> of(Scenario scenario) {
        List<ScenarioEvent> events = new ArrayList<>();
        LocalDate start = scenario.period().start();
        LocalDate end = scenario.period().end();
        scenario.schemes().forEach((id, scheme) -> {
            add(events, start, end, scheme.launch(), scheme.name() + " launches");
            // The shutdown is the last day it can be used: the event is the first day without it.
            add(events, start, end, scheme.shutdown() == null ? null : scheme.shutdown().plusDays(1), scheme.name() + " closed");
            if (scheme.events().breach() != null) {
                add(events, start, end, scheme.events().breach().start(), scheme.name() + " breach");
            }
            add(events, start, end, scheme.events().topupFreeze(), scheme.name() + " top-ups frozen");
        });
        events.sort(Comparator.comparing(ScenarioEvent::date).thenComparing(ScenarioEvent::label));
        return events;
    }

    private static void add(List<ScenarioEvent> events, LocalDate start, LocalDate end, LocalDate date, String label) {
        if (date != null && date.isAfter(start) && !date.isAfter(end)) {
            events.add(new ScenarioEvent(date, label));
        }
    }
}
