package org.paylens.scenario;

/**
 * A scenario that cannot be used, with the place that is wrong: a file and line, or a {@code --set} override,
 * and the key path. Its message is one line meant for the user.
 */
public final class ScenarioException extends RuntimeException {
    private final String keyPath;

    public ScenarioException(String message, String keyPath) {
        super(message);
        this.keyPath = keyPath;
    }

    /** The dotted key path the problem is about, e.g. {@code population.consumers}; null when it is the whole file. */
    public String keyPath() {
        return keyPath;
    }
}
