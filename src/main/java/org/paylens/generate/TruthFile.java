package org.paylens.generate;

import org.paylens.pipeline.TaskFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.Platform;

import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One task's Parquet file of a truth table, written row by row from plain Java values (parquet-mr's own writer, the
 * one Spark's writer drives) with the table's {@link GenerateStage#fingerprint fingerprint} taken as each row is
 * written: the same 64-bit hash Spark's {@code xxhash64} gives the row (its strings first hashed on their own), so
 * that a table read back and fingerprinted by Spark agrees with the fingerprint of its writing. Spark reads the files as any Parquet: every column nullable,
 * strings as UTF-8, dates as days, timestamps as microseconds since the epoch.
 *
 * <p>The file is written under a hidden name and committed by a rename to part-NNNNN ({@link TaskFile}).
 */
final class TruthFile implements TruthOutput {

    /** A column type, as Spark sees it. */
    sealed interface Type extends Serializable permits Primitive, ListOf, StructOf {
    }

    /** Values of these are set as longs (BOOLEAN as 0 or 1, DATE as epoch days, TIMESTAMP as epoch microseconds) or as UTF-8 bytes (STRING). */
    enum Primitive implements Type {
        LONG, INT, BOOLEAN, DATE, TIMESTAMP, STRING
    }

    /** An array; its value is an Object[] of its elements (null elements allowed). */
    record ListOf(Type element) implements Type {
    }

    /** A struct; its value is an Object[] of its fields' values, a primitive's boxed (Long, Integer, Boolean, byte[]). */
    record StructOf(List<Field> fields) implements Type {
    }

    record Field(String name, Type type) implements Serializable {
    }

    /** A table's columns in the order they are written. */
    record Schema(String table, List<Field> fields) implements Serializable {
        static Schema of(String table, Field... fields) {
            return new Schema(table, List.of(fields));
        }

        MessageType parquet() {
            return new MessageType("spark_schema", fields.stream().map(f -> parquet(f, Repetition.OPTIONAL)).toList());
        }

        private static org.apache.parquet.schema.Type parquet(Field field, Repetition repetition) {
            if (field.type() instanceof Primitive primitive) {
                return switch (primitive) {
                    case LONG -> Types.primitive(PrimitiveTypeName.INT64, repetition).named(field.name());
                    case INT -> Types.primitive(PrimitiveTypeName.INT32, repetition).named(field.name());
                    case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(field.name());
                    case DATE -> Types.primitive(PrimitiveTypeName.INT32, repetition)
                            .as(LogicalTypeAnnotation.dateType()).named(field.name());
                    case TIMESTAMP -> Types.primitive(PrimitiveTypeName.INT64, repetition)
                            .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(field.name());
                    case STRING -> Types.primitive(PrimitiveTypeName.BINARY, repetition)
                            .as(LogicalTypeAnnotation.stringType()).named(field.name());
                };
            }
            if (field.type() instanceof ListOf list) { // the three-level list of the Parquet spec, as Spark writes it
                return Types.buildGroup(repetition).as(LogicalTypeAnnotation.listType())
                        .addField(Types.repeatedGroup().addField(parquet(new Field("element", list.element()), Repetition.OPTIONAL))
                                .named("list"))
                        .named(field.name());
            }
            StructOf struct = (StructOf) field.type();
            return Types.buildGroup(repetition)
                    .addFields(struct.fields().stream().map(f -> parquet(f, Repetition.OPTIONAL)).toArray(org.apache.parquet.schema.Type[]::new))
                    .named(field.name());
        }
    }

    /** Spark's seed of {@code xxhash64}. */
    static final long HASH_SEED = 42;
    private final Schema schema;
    private final TaskFile file;
    private final ParquetWriter<TruthFile> writer;
    /** Columns in name order: the order Spark's fingerprint hashes them in. */
    private final int[] hashOrder;

    // The row being written.
    private final long[] longs;
    private final Object[] objects;
    private final boolean[] set;

    private long rows;
    /** The sum of the rows' hashes, as the sums of their high (signed) and low (unsigned) 32 bits. */
    private long hashHighSum;
    private long hashLowSum;
    private boolean closed;

    TruthFile(Schema schema, Configuration conf, Path dir, int partition, int attempt, CompressionCodecName codec) throws IOException {
        this.schema = schema;
        this.file = new TaskFile(conf, dir, partition, attempt, codec.getExtension() + ".parquet");
        int columns = schema.fields().size();
        this.longs = new long[columns];
        this.objects = new Object[columns];
        this.set = new boolean[columns];
        this.hashOrder = IntStream.range(0, columns).boxed()
                .sorted(Comparator.comparing(i -> schema.fields().get(i).name())).mapToInt(Integer::intValue).toArray();
        this.writer = new Builder(HadoopOutputFile.fromPath(file.hidden, conf), this)
                .withConf(conf).withCompressionCodec(codec).withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build();
    }

    TruthFile set(int column, long value) {
        longs[column] = value;
        set[column] = true;
        return this;
    }

    TruthFile set(int column, boolean value) {
        return set(column, value ? 1L : 0L);
    }

    /** A string column's UTF-8 bytes, or a nested column's value; null leaves it null. */
    TruthFile set(int column, Object value) {
        objects[column] = value;
        set[column] = value != null;
        return this;
    }

    /** Writes the row set since the last one and clears it. */
    void endRow() throws IOException {
        writer.write(this);
        long hash = HASH_SEED;
        for (int column : hashOrder) {
            Type type = schema.fields().get(column).type();
            if (type == Primitive.STRING) {
                hash = XXH64.hashLong(set[column] ? stringHash((byte[]) objects[column]) : HASH_SEED, hash);
            } else if (set[column]) {
                hash = type instanceof Primitive p ? hashPrimitive(p, longs[column], hash) : hash(type, objects[column], hash);
            }
        }
        rows++;
        hashHighSum += hash >> 32;
        hashLowSum += hash & 0xFFFF_FFFFL;
        Arrays.fill(set, false);
        Arrays.fill(objects, null);
    }

    private static long hashPrimitive(Primitive type, long value, long seed) {
        return switch (type) {
            case LONG, TIMESTAMP -> XXH64.hashLong(value, seed);
            case INT, DATE, BOOLEAN -> XXH64.hashInt((int) value, seed);
            case STRING -> throw new IllegalArgumentException("a string is hashed from its bytes");
        };
    }

    /**
     * Spark's {@code xxhash64} of one string: the fingerprint hashes a string column's value on its own and then its
     * hash as a number (null as the seed), so that a string met over and over, as a dictionary's entry, is hashed
     * once.
     */
    static long stringHash(byte[] utf8) {
        return XXH64.hashUnsafeBytes(utf8, Platform.BYTE_ARRAY_OFFSET, utf8.length, HASH_SEED);
    }

    /** Spark's hash of a value: a null leaves the seed as it is; an array or struct hashes its elements in order. */
    private static long hash(Type type, Object value, long seed) {
        if (value == null) {
            return seed;
        }
        if (type instanceof ListOf list) {
            long hash = seed;
            for (Object element : (Object[]) value) {
                hash = hash(list.element(), element, hash);
            }
            return hash;
        }
        if (type instanceof StructOf struct) {
            Object[] values = (Object[]) value;
            long hash = seed;
            for (int i = 0; i < values.length; i++) {
                hash = hash(struct.fields().get(i).type(), values[i], hash);
            }
            return hash;
        }
        Primitive primitive = (Primitive) type;
        if (primitive == Primitive.STRING) {
            byte[] bytes = (byte[]) value;
            return XXH64.hashUnsafeBytes(bytes, Platform.BYTE_ARRAY_OFFSET, bytes.length, seed);
        }
        return hashPrimitive(primitive, value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).longValue(), seed);
    }

    /** The fingerprint of the rows of some files of a table, to add up over its files. */
    record Fingerprint(long rows, long hashHighSum, long hashLowSum) implements Serializable {
        static final Fingerprint NONE = new Fingerprint(0, 0, 0);

        Fingerprint plus(Fingerprint other) {
            return new Fingerprint(rows + other.rows, hashHighSum + other.hashHighSum, hashLowSum + other.hashLowSum);
        }

        /** As {@link GenerateStage#fingerprint} prints it: the count and the exact sum of the rows' signed hashes. */
        String text() {
            return GenerateStage.fingerprintText(rows, hashHighSum, hashLowSum);
        }
    }

    @Override
    public Fingerprint commit() throws IOException {
        close();
        file.commit();
        return new Fingerprint(rows, hashHighSum, hashLowSum);
    }

    @Override
    public void abort() {
        try {
            close();
        } catch (IOException | RuntimeException ignored) {
            // the task's own failure is what gets reported
        }
        file.abort();
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            writer.close();
        }
    }

    /** Writes the current row of a {@link TruthFile} through Parquet's record consumer. */
    private static final class RowWriteSupport extends WriteSupport<TruthFile> {
        private final TruthFile file;
        private RecordConsumer consumer;

        RowWriteSupport(TruthFile file) {
            this.file = file;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(file.schema.parquet(), new HashMap<>());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(TruthFile row) {
            consumer.startMessage();
            List<Field> fields = row.schema.fields();
            for (int i = 0; i < fields.size(); i++) {
                if (row.set[i]) {
                    Field field = fields.get(i);
                    consumer.startField(field.name(), i);
                    if (field.type() instanceof Primitive p && p != Primitive.STRING) {
                        writePrimitive(p, row.longs[i]);
                    } else {
                        writeValue(field.type(), row.objects[i]);
                    }
                    consumer.endField(field.name(), i);
                }
            }
            consumer.endMessage();
        }

        private void writePrimitive(Primitive type, long value) {
            switch (type) {
                case LONG, TIMESTAMP -> consumer.addLong(value);
                case INT, DATE -> consumer.addInteger((int) value);
                case BOOLEAN -> consumer.addBoolean(value != 0);
                case STRING -> throw new IllegalArgumentException("a string is written from its bytes");
            }
        }

        private void writeValue(Type type, Object value) {
            if (type instanceof ListOf list) {
                Object[] elements = (Object[]) value;
                consumer.startGroup();
                if (elements.length > 0) {
                    consumer.startField("list", 0);
                    for (Object element : elements) {
                        consumer.startGroup();
                        if (element != null) {
                            consumer.startField("element", 0);
                            writeValue(list.element(), element);
                            consumer.endField("element", 0);
                        }
                        consumer.endGroup();
                    }
                    consumer.endField("list", 0);
                }
                consumer.endGroup();
            } else if (type instanceof StructOf struct) {
                Object[] values = (Object[]) value;
                consumer.startGroup();
                for (int i = 0; i < values.length; i++) {
                    if (values[i] != null) {
                        Field field = struct.fields().get(i);
                        consumer.startField(field.name(), i);
                        writeValue(field.type(), values[i]);
                        consumer.endField(field.name(), i);
                    }
                }
                consumer.endGroup();
            } else if (type == Primitive.STRING) {
                consumer.addBinary(Binary.fromConstantByteArray((byte[]) value));
            } else {
                writePrimitive((Primitive) type, value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).longValue());
            }
        }
    }

    private static final class Builder extends ParquetWriter.Builder<TruthFile, Builder> {
        private final TruthFile file;

        Builder(OutputFile out, TruthFile file) {
            super(out);
            this.file = file;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<TruthFile> getWriteSupport(Configuration conf) {
            return new RowWriteSupport(file);
        }
    }
}
