package org.paylens.measure;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.paylens.observe.VisibilityModel;
import org.paylens.scenario.Scenario;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.*;

/**
 * What each operator and each alliance holds of the purchases: one row per (entity, purchase) with the fields seen,
 * whether it is linked, and the profile it is filed under. An operator files a consumer's purchases under its one id
 * of that consumer. An alliance pools its members' rows; a member's id becomes an alliance profile through the
 * identifiers members hold of each other (see {@link #links}), so two members' records of one consumer fall into one
 * profile only where such an identifier ties them.
 */
public final class Holdings {
    public static final String OPERATOR = "operator";
    public static final String ALLIANCE = "alliance";

    private Holdings() {
    }

    /**
     * @param observations      observations/ (purchases and top-ups)
     * @param allianceProfiles  {@link #allianceProfiles}
     * @return entity, entity_kind, txn_id, month, local_date, merchant_id, chain, amount_yen, item_count, sees_amount,
     *         sees_time, sees_merchant, sees_basket, linked, profile (null when not linked)
     */
    public static Dataset<Row> of(SparkSession spark, Scenario scenario, Dataset<Row> observations, Dataset<Row> allianceProfiles) {
        Dataset<Row> purchases = observations.filter(col("record").equalTo(VisibilityModel.PURCHASE))
                .withColumn("node", when(col("linked"), concat_ws("|", col("operator"), col("consumer_ref"))));
        Dataset<Row> byOperator = purchases.select(col("operator").as("entity"), lit(OPERATOR).as("entity_kind"),
                col("txn_id"), col("month"), col("local_date"), col("merchant_id"), col("chain"), col("amount_yen"),
                col("item_count"), col("sees_amount"), col("sees_time"), col("sees_merchant"), col("sees_basket"),
                col("linked"), col("node").as("profile"));
        if (scenario.alliances().isEmpty()) {
            return byOperator;
        }
        Dataset<Row> labels = allianceProfiles.select(col("alliance").as("l_alliance"), col("node").as("l_node"), col("label"));
        Dataset<Row> byAlliance = purchases.join(broadcast(members(spark, scenario)), col("operator").equalTo(col("member")))
                .join(labels, col("alliance").equalTo(col("l_alliance")).and(col("node").equalTo(col("l_node"))), "left")
                .withColumn("profile", coalesce(col("label"), col("node")))
                .groupBy("alliance", "txn_id")
                .agg(first("month").as("month"), first("local_date").as("local_date"), first("merchant_id").as("merchant_id"),
                        first("chain").as("chain"), first("amount_yen").as("amount_yen"), first("item_count").as("item_count"),
                        max("sees_amount").as("sees_amount"), max("sees_time").as("sees_time"),
                        max("sees_merchant").as("sees_merchant"), max("sees_basket").as("sees_basket"),
                        max("linked").as("linked"),
                        // Members that cannot tie their ids file the purchase under different profiles; one is kept.
                        min("profile").as("profile"))
                .select(col("alliance").as("entity"), lit(ALLIANCE).as("entity_kind"), col("txn_id"), col("month"),
                        col("local_date"), col("merchant_id"), col("chain"), col("amount_yen"), col("item_count"),
                        col("sees_amount"), col("sees_time"), col("sees_merchant"), col("sees_basket"), col("linked"),
                        col("profile"));
        return byOperator.unionByName(byAlliance);
    }

    /**
     * Each alliance's profiles: the connected components of the graph of its members' ids whose edges are the
     * {@link #links} a member holds between two members' ids, each labelled by its smallest id (in Spark's string
     * order). An alliance's whole graph is one task's: its edges are a few per consumer, and a union-find over them
     * in memory takes one pass where label propagation took a join, a write and a count per step.
     *
     * @return alliance, node (operator|ref), label: the profile the alliance files that id's records under
     */
    public static Dataset<Row> allianceProfiles(SparkSession spark, Scenario scenario, Dataset<Row> links) {
        Dataset<Row> members = members(spark, scenario);
        Dataset<Row> edges = links.join(broadcast(members.withColumnRenamed("member", "holder")), "holder")
                .join(broadcast(members.withColumnRenamed("member", "a_operator")), new String[]{"alliance", "a_operator"})
                .join(broadcast(members.withColumnRenamed("member", "b_operator")), new String[]{"alliance", "b_operator"})
                .select("alliance", "a", "b");
        return edges.groupByKey((MapFunction<Row, String>) row -> row.getString(0), Encoders.STRING())
                .flatMapGroups(new IdComponents(), Encoders.row(IdComponents.LABELS));
    }

    /**
     * The identifiers operators hold of each other's ids for the same consumer, as the logs show them: a scheme
     * operator's payment and top-up records name the bank account or card charged (as that bank or issuer knows it),
     * and a shop's receipt names the loyalty card scanned beside the shop's own id of the payer when it has one.
     *
     * @param purchases canonical transactions with their operators ({@link VisibilityModel#withOperators})
     * @param topups    canonical top-ups with their scheme operator ({@link VisibilityModel#topupsWithOperators})
     * @return holder, a_operator, a, b_operator, b: the holder has seen id a (operator|ref) and id b together
     */
    public static Dataset<Row> links(Dataset<Row> purchases, Dataset<Row> topups) {
        Column schemeNode = concat_ws("|", col("scheme_operator"), col("payer_ref"));
        Column fundingNode = concat_ws("|", col("funding_operator"), col("funding_ref"));
        Column bothKnown = col("scheme_operator").isNotNull().and(col("payer_ref").isNotNull())
                .and(col("funding_operator").isNotNull()).and(col("funding_ref").isNotNull())
                .and(col("scheme_operator").notEqual(col("funding_operator")));
        Dataset<Row> funding = purchases.filter(bothKnown)
                .select(col("scheme_operator").as("holder"), col("scheme_operator").as("a_operator"), schemeNode.as("a"),
                        col("funding_operator").as("b_operator"), fundingNode.as("b"))
                .unionByName(topups.filter(bothKnown)
                        .select(col("scheme_operator").as("holder"), col("scheme_operator").as("a_operator"), schemeNode.as("a"),
                                col("funding_operator").as("b_operator"), fundingNode.as("b")));
        Column storeRef = when(col("store_operator").equalTo(coalesce(col("scheme_operator"), lit(""))), col("payer_ref"))
                .when(col("store_operator").equalTo(coalesce(col("funding_operator"), lit(""))), col("funding_ref"));
        Dataset<Row> loyalty = purchases.filter(col("store_operator").isNotNull().and(storeRef.isNotNull())
                        .and(col("loyalty_operator").isNotNull()).and(col("loyalty_ref").isNotNull())
                        .and(col("loyalty_operator").notEqual(col("store_operator"))))
                .select(col("store_operator").as("holder"), col("store_operator").as("a_operator"),
                        concat_ws("|", col("store_operator"), storeRef).as("a"), col("loyalty_operator").as("b_operator"),
                        concat_ws("|", col("loyalty_operator"), col("loyalty_ref")).as("b"));
        return funding.unionByName(loyalty).distinct();
    }

    private static Dataset<Row> members(SparkSession spark, Scenario scenario) {
        List<Row> rows = new ArrayList<>();
        scenario.alliances().forEach((id, alliance) -> alliance.members().stream().distinct()
                .forEach(member -> rows.add(RowFactory.create(id, member))));
        return spark.createDataFrame(rows, new StructType().add("alliance", DataTypes.StringType).add("member", DataTypes.StringType));
    }
}
