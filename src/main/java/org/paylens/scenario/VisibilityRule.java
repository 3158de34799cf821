package org.paylens.scenario;

import java.util.List;

/**
 * What an operator in one role sees of a purchase paid with a scheme of the given kinds.
 *
 * @param role         store, scheme_operator or funding_bank
 * @param schemeKinds  kinds of scheme the rule applies to; empty means all
 * @param fields       what the observer sees
 * @param linked       whether the observation is tied to the consumer's identifier in the observer's id space
 */
public record VisibilityRule(Role role, List<SchemeKind> schemeKinds, List<Field> fields, Linkage linked) {
    public VisibilityRule {
        schemeKinds = Maps.frozen(schemeKinds);
        fields = Maps.frozen(fields);
    }

    public boolean appliesTo(SchemeKind kind) {
        return schemeKinds.isEmpty() || schemeKinds.contains(kind);
    }
}
