package org.paylens.observe;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.paylens.pipeline.LookAheadIterator;
import org.paylens.scenario.Field;
import org.paylens.scenario.Linkage;
import org.paylens.scenario.Role;
import org.paylens.scenario.SchemeKind;
import org.paylens.scenario.VisibilityRule;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every visibility rule applied to a purchase in one pass: one purchase in, one observation per operator that sees
 * it out, an operator in two roles seeing the union of both. It replaces a projection per rule, their union and a
 * shuffle by (operator, purchase), with the same result.
 * <p>
 * Input rows have {@link #INPUT}'s columns in order (a purchase with its operators, {@link VisibilityModel#withOperators}).
 */
final class PurchaseObserver implements MapPartitionsFunction<Row, Row> {
    /** The purchase's columns the rules read, in this order. */
    static final List<String> INPUT = List.of("txn_id", "month", "local_date", "merchant_id", "chain", "amount_yen",
            "item_count", "scheme", "scheme_kind", "store_operator", "scheme_operator", "funding_operator",
            "loyalty_operator", "network_operator", "acquirer_operator", "payer_ref", "funding_ref", "loyalty_ref");
    private static final int TXN = 0;
    private static final int SCHEME_KIND = 8;
    private static final int STORE = 9;
    private static final int SCHEME_OPERATOR = 10;
    private static final int FUNDING_OPERATOR = 11;
    private static final int LOYALTY_OPERATOR = 12;
    private static final int NETWORK = 13;
    private static final int ACQUIRER = 14;
    private static final int PAYER_REF = 15;
    private static final int FUNDING_REF = 16;
    private static final int LOYALTY_REF = 17;
    /** The columns copied from the purchase to each of its observations, after the operator. */
    private static final int COPIED = 8;

    /** One rule, as the task evaluates it. */
    private record CompiledRule(Role role, Set<String> schemeKinds, boolean amount, boolean time, boolean merchant,
                                boolean basket, Linkage linkage) implements Serializable {
    }

    private final List<CompiledRule> rules;

    PurchaseObserver(List<VisibilityRule> rules) {
        this.rules = rules.stream().map(rule -> new CompiledRule(rule.role(),
                rule.schemeKinds().stream().map(SchemeKind::id).collect(Collectors.toSet()),
                rule.fields().contains(Field.AMOUNT), rule.fields().contains(Field.TIME),
                rule.fields().contains(Field.MERCHANT), rule.fields().contains(Field.BASKET), rule.linked())).toList();
    }

    /** The observations' schema: operator, the purchase's copied columns, then what the operator sees. */
    static StructType output(StructType input) {
        StructType schema = new StructType().add("operator", DataTypes.StringType);
        for (int i = 0; i < COPIED; i++) {
            schema = schema.add(input.fields()[i].name(), input.fields()[i].dataType());
        }
        return schema.add("roles", DataTypes.createArrayType(DataTypes.StringType))
                .add("sees_amount", DataTypes.BooleanType).add("sees_time", DataTypes.BooleanType)
                .add("sees_merchant", DataTypes.BooleanType).add("sees_basket", DataTypes.BooleanType)
                .add("linked", DataTypes.BooleanType).add("consumer_ref", DataTypes.StringType);
    }

    /** What one operator sees of the purchase, over all of its roles. */
    private static final class Seen {
        final TreeSet<String> roles = new TreeSet<>();
        boolean amount;
        boolean time;
        boolean merchant;
        boolean basket;
        String consumerRef;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> purchases) {
        return new LookAheadIterator<>() {
            private Iterator<Row> pending = java.util.Collections.emptyIterator();

            @Override
            protected Row computeNext() {
                while (!pending.hasNext() && purchases.hasNext()) {
                    pending = observe(purchases.next()).iterator();
                }
                return pending.hasNext() ? pending.next() : null;
            }
        };
    }

    private List<Row> observe(Row purchase) {
        Map<String, Seen> byOperator = new LinkedHashMap<>(4);
        String schemeKind = purchase.getString(SCHEME_KIND);
        for (CompiledRule rule : rules) {
            String observer = switch (rule.role()) {
                case STORE -> purchase.getString(STORE);
                case SCHEME_OPERATOR -> purchase.getString(SCHEME_OPERATOR);
                case FUNDING_BANK -> purchase.getString(FUNDING_OPERATOR);
                case LOYALTY_PROGRAMME -> purchase.getString(LOYALTY_OPERATOR);
                case NETWORK -> purchase.getString(NETWORK);
                // Cash is not acquired.
                case ACQUIRER -> schemeKind == null || schemeKind.equals(SchemeKind.CASH.id()) ? null
                        : purchase.getString(ACQUIRER);
            };
            if (observer == null || !rule.schemeKinds().isEmpty() && (schemeKind == null || !rule.schemeKinds().contains(schemeKind))) {
                continue;
            }
            // The id the observer knows the consumer by: its wallet or scheme account, the account it holds, or its
            // loyalty card, whichever this purchase shows it. A network or acquirer holds none of its own.
            String ownRef;
            if (observer.equals(purchase.getString(SCHEME_OPERATOR))) {
                ownRef = purchase.getString(PAYER_REF);
            } else if (observer.equals(purchase.getString(FUNDING_OPERATOR))) {
                ownRef = purchase.getString(FUNDING_REF);
            } else if (observer.equals(purchase.getString(LOYALTY_OPERATOR))) {
                ownRef = purchase.getString(LOYALTY_REF);
            } else {
                ownRef = null;
            }
            boolean linked = switch (rule.linkage()) {
                case ALWAYS, OWN_ID -> true;
                case NEVER -> false;
                case OWN_SCHEME -> observer.equals(purchase.getString(SCHEME_OPERATOR));
            };
            Seen seen = byOperator.computeIfAbsent(observer, o -> new Seen());
            seen.roles.add(rule.role().id());
            seen.amount |= rule.amount();
            seen.time |= rule.time();
            seen.merchant |= rule.merchant();
            seen.basket |= rule.basket();
            // An operator has one id of a consumer (ids are per operator), so any linked role gives it; the greatest
            // in Spark's string order should two differ.
            if (linked && ownRef != null && (seen.consumerRef == null
                    || UTF8String.fromString(ownRef).compareTo(UTF8String.fromString(seen.consumerRef)) > 0)) {
                seen.consumerRef = ownRef;
            }
        }
        List<Row> observations = new ArrayList<>(byOperator.size());
        byOperator.forEach((operator, seen) -> {
            Object[] values = new Object[1 + COPIED + 7];
            values[0] = operator;
            for (int i = 0; i < COPIED; i++) {
                values[1 + i] = purchase.get(TXN + i);
            }
            values[1 + COPIED] = scala.jdk.javaapi.CollectionConverters.asScala(new ArrayList<>(seen.roles)).toSeq();
            values[2 + COPIED] = seen.amount;
            values[3 + COPIED] = seen.time;
            values[4 + COPIED] = seen.merchant;
            values[5 + COPIED] = seen.basket;
            values[6 + COPIED] = seen.consumerRef != null;
            values[7 + COPIED] = seen.consumerRef;
            observations.add(RowFactory.create(values));
        });
        return observations;
    }
}
