package org.paylens.scenario;

import java.util.List;

/** The visibility rules; an operator's view is the union of what every matching rule grants it. */
public record Visibility(List<VisibilityRule> rules) {
    public Visibility {
        rules = Maps.frozen(rules);
    }
}
