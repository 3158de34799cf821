package org.paylens.generate;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/**
 * What the truth implies without simulating again: a purchase's basket, the ids each operator knows its payer by
 * and the faults its raw records are written with are functions of the purchase alone (its id, chain, amount,
 * consumer, scheme), so the raw logs that need them are computed from truth/transactions as it was written, row by
 * row in plain Java.
 */
final class TruthRecords implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private static final StructType ITEM = new StructType()
            .add("item_no", DataTypes.IntegerType).add("category", DataTypes.StringType).add("price_yen", DataTypes.LongType);

    /** A derivation: the columns it reads (in this order) and the rows it makes. */
    enum Derivation {
        PAYMENTS(List.of("txn_id", "consumer_id", "seconds", "merchant_id", "chain", "amount_yen", "scheme", "bank", "card_issuer"),
                new StructType().add("txn_id", DataTypes.LongType).add("seconds", DataTypes.LongType)
                        .add("merchant_id", DataTypes.StringType).add("chain", DataTypes.StringType)
                        .add("amount_yen", DataTypes.LongType).add("scheme", DataTypes.StringType)
                        .add("payer_ref", DataTypes.StringType).add("funding_operator", DataTypes.StringType)
                        .add("funding_ref", DataTypes.StringType).add("payment_fault", DataTypes.StringType)),
        TOPUPS(List.of("topup_id", "consumer_id", "seconds", "amount_yen", "scheme", "source", "funding_operator"),
                new StructType().add("topup_id", DataTypes.LongType).add("consumer_id", DataTypes.LongType)
                        .add("seconds", DataTypes.LongType).add("amount_yen", DataTypes.LongType)
                        .add("scheme", DataTypes.StringType).add("source", DataTypes.StringType)
                        .add("funding_operator", DataTypes.StringType).add("payer_ref", DataTypes.StringType)
                        .add("funding_ref", DataTypes.StringType).add("fault", DataTypes.StringType));

        final List<String> reads;
        final StructType schema;

        Derivation(List<String> reads, StructType schema) {
            this.reads = reads;
            this.schema = schema;
        }

        /** The derived rows of a truth table (times as ts again where the rows have one). */
        Dataset<Row> of(WorldModel world, Dataset<Row> truth) {
            Column[] columns = reads.stream().map(c -> c.equals("seconds") ? unix_seconds(col("ts")).as("seconds") : col(c))
                    .toArray(Column[]::new);
            Dataset<Row> input = truth;
            if (this == PAYMENTS) {
                List<String> withLog = new ArrayList<>();
                for (int s = 0; s < world.schemes.length; s++) {
                    if (world.paymentLog[s]) {
                        withLog.add(world.schemes[s]);
                    }
                }
                input = truth.filter(col("scheme").isin(withLog.toArray()));
            }
            Dataset<Row> derived = input.select(columns).mapPartitions(new TruthRecords(world, this), Encoders.row(schema));
            return reads.contains("seconds")
                    ? derived.withColumn("ts", timestamp_seconds(col("seconds"))).drop("seconds") : derived;
        }
    }

    private final WorldModel world;
    private final Derivation derivation;

    private TruthRecords(WorldModel world, Derivation derivation) {
        this.world = world;
        this.derivation = derivation;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        Task task = new Task();
        return Expanding.rows(rows, task::derive);
    }

    /** One task's lookups (ids to positions, operators to their id spaces' keys) and buffers. */
    private final class Task {
        private final Map<String, Integer> chains = positions(world.chains);
        private final Map<String, Integer> schemes = positions(world.schemes);
        private final Map<String, Integer> loyalty = positions(world.loyalty);
        private final Map<String, long[]> refKeys = new HashMap<>();
        private final long[] prices = new long[ConsumerSimulation.MAX_ITEMS];
        private final int[] categories = new int[ConsumerSimulation.MAX_ITEMS];

        private String ref(String operator, long consumer) {
            return WorldModel.pseudonym(refKeys.computeIfAbsent(operator, world::refKey), consumer);
        }

        void derive(Row row, List<Row> out) {
            WorldModel w = world;
            switch (derivation) {
                case PAYMENTS -> {
                    long txn = row.getLong(0);
                    long consumer = row.getLong(1);
                    int scheme = schemes.get(row.getString(6));
                    String fundingOperator = switch (w.funding[scheme]) {
                        case DIRECT -> row.getString(7);
                        case CREDIT -> row.isNullAt(8) ? null : row.getString(8);
                        case CASH, TOPUP -> null;
                    };
                    WorldModel.FaultDraw fault = w.paymentFault[scheme];
                    out.add(RowFactory.create(txn, row.getLong(2), row.getString(3), row.getString(4), row.getLong(5), row.getString(6),
                            WorldModel.pseudonym(w.schemeOperatorRef[scheme], consumer), fundingOperator,
                            fundingOperator == null ? null : ref(fundingOperator, consumer), fault == null ? null : fault.of(txn)));
                }
                case TOPUPS -> {
                    long id = row.getLong(0);
                    long consumer = row.getLong(1);
                    int scheme = schemes.get(row.getString(4));
                    String fundingOperator = row.isNullAt(6) ? null : row.getString(6);
                    WorldModel.FaultDraw fault = w.topupFault[scheme];
                    out.add(RowFactory.create(id, consumer, row.getLong(2), row.getLong(3), row.getString(4), row.getString(5),
                            fundingOperator, WorldModel.pseudonym(w.schemeOperatorRef[scheme], consumer),
                            fundingOperator == null ? null : ref(fundingOperator, consumer), fault == null ? null : fault.of(id)));
                }
            }
        }
    }

    private static Map<String, Integer> positions(String[] ids) {
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            positions.put(ids[i], i);
        }
        return positions;
    }
}
