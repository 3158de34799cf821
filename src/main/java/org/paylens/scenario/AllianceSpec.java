package org.paylens.scenario;

import java.util.List;

/**
 * Operators that pool what they see: a retail group and its points programme, a bank consortium, a what-if
 * data-sharing pact. Its view is the union of its members' views; a consumer's records held by two members are
 * tied together only through an identifier one member holds of the other's (a wallet's top-up record names the
 * bank account charged), never by matching purchases.
 *
 * @param name    display name
 * @param members operator ids, at least two
 * @param note    what the alliance stands for and its source, or that it is a what-if
 * @param pooled  true when the members act as one data holder (a what-if in which they really share what they
 *                see): the concentration across holders then counts the alliance in place of its members. False
 *                (the default) scores the alliance like a proposed merger and leaves the market as it is.
 */
public record AllianceSpec(String name, List<String> members, String note, Boolean pooled) {
    public AllianceSpec {
        members = Maps.frozen(members);
        pooled = pooled != null && pooled;
    }
}
