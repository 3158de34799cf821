package org.paylens.scenario;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** The simulated calendar days, both ends included, in Japan time. */
public record Period(LocalDate start, LocalDate end) {

    public int days() {
        return (int) ChronoUnit.DAYS.between(start, end) + 1;
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(start) && !day.isAfter(end);
    }
}
