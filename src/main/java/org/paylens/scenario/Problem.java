package org.paylens.scenario;

/** One thing wrong with a scenario: where (a dotted key path) and what (what was found, what is allowed). */
public record Problem(String keyPath, String message) {
}
