package org.paylens.scenario;

/** A party that can see purchase data: a store group, a wallet, a bank, a consortium switch, a card network… */
public record OperatorSpec(String name, OperatorKind kind) {
}
