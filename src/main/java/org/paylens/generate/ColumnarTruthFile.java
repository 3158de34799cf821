package org.paylens.generate;

import org.paylens.pipeline.TaskFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.statistics.BinaryStatistics;
import org.apache.parquet.column.statistics.BooleanStatistics;
import org.apache.parquet.column.statistics.IntStatistics;
import org.apache.parquet.column.statistics.LongStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.paylens.generate.TruthFile.Fingerprint;
import org.paylens.generate.TruthFile.Primitive;
import org.paylens.generate.TruthFile.Schema;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One task's Parquet file of a flat truth table of many rows (transactions, basket items), its values kept in
 * arrays a column each and encoded a page at a time in plain loops: numbers PLAIN, strings as dictionary codes,
 * definition levels run-length or bit-packed, as the Parquet format defines them. parquet-mr lays out the file
 * ({@link ParquetFileWriter}: row groups, column chunks, page headers, statistics, indexes, footer) and compresses
 * the pages of codecs other than Snappy (below); the encoding of values is done here, because parquet-mr's writer takes each value through its
 * record consumer, column writer, dictionary hash map and statistics one call at a time, which at 10M purchases was
 * 70% of the truth's time (docs/BENCHMARKS.md).
 *
 * <p>A string column's values are codes into a dictionary fixed when the file is opened (every region, chain,
 * merchant id… of the world), so no value is hashed to be encoded; each column chunk's dictionary page holds the
 * entries its rows use, sorted. The file reads as {@link TruthFile}'s with the same schema: every column optional,
 * and the fingerprint is taken the same way ({@link GenerateStage#fingerprint}), a string by its own hash: for a
 * dictionary's entries that hash is taken once, when the file is opened.
 *
 * <p>Snappy pages are compressed by snappy-java straight into one reused buffer: parquet-mr's compressor opens a
 * Hadoop compressor stream, with a new buffer of its own, for every page (9% of a 10M truth's samples).
 */
final class ColumnarTruthFile implements TruthOutput {
    /** Rows a row group holds at most: its arrays are the memory this file needs (about 60 MB for 15 columns). */
    static final int ROWS_PER_GROUP = 1 << 20;
    /** Rows a page holds at most; parquet-mr cuts pages at 20,000 rows by default. */
    static final int ROWS_PER_PAGE = 1 << 15;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final Comparator<byte[]> UNSIGNED_BYTES = Arrays::compareUnsigned;

    private final Schema schema;
    private final int rowsPerGroup;
    private final int rowsPerPage;
    private final Primitive[] kinds;
    private final byte[][][] dictionaries;
    /** Each dictionary entry's own hash, as the fingerprint takes a string, by column and code. */
    private final long[][] dictionaryHashes;
    private final int[] hashOrder;
    private final TaskFile file;
    private final ParquetFileWriter writer;
    private final MessageType parquetSchema;
    private final CompressionCodecName codec;
    /** parquet-mr's compressor, for the codecs other than Snappy and none. */
    private final CodecFactory codecs;
    private final BytesInputCompressor compressor;
    /** A Snappy page's compressed bytes, reused page after page (the file writer copies them out at once). */
    private byte[] compressed = new byte[0];

    /** The row group being filled: a column's longs (LONG, TIMESTAMP) or ints (the rest), and which rows are set. */
    private final long[][] longs;
    private final int[][] ints;
    private final byte[][][] strings;
    private final boolean[][] present;
    private int capacity;
    private int groupRows;

    /** The dictionary page of the string column chunk being written, by local code: for its pages' statistics. */
    private byte[][] localDictionary;
    private final Page page = new Page();
    /** The hashes of the row group's rows, as the fingerprint takes them. */
    private long[] rowHashes = new long[0];
    private long rows;
    private long hashHighSum;
    private long hashLowSum;
    private boolean closed;

    /**
     * @param dictionaries each STRING column's dictionary (its values are set as codes into it), null for the others
     */
    ColumnarTruthFile(Schema schema, byte[][][] dictionaries, Configuration conf, Path dir, int partition, int attempt,
                      CompressionCodecName codec) throws IOException {
        this(schema, dictionaries, conf, dir, partition, attempt, codec, ROWS_PER_GROUP, ROWS_PER_PAGE);
    }

    /** With smaller row groups and pages, for tests. */
    ColumnarTruthFile(Schema schema, byte[][][] dictionaries, Configuration conf, Path dir, int partition, int attempt,
                      CompressionCodecName codec, int rowsPerGroup, int rowsPerPage) throws IOException {
        this.schema = schema;
        this.rowsPerGroup = rowsPerGroup;
        this.rowsPerPage = rowsPerPage;
        int columns = schema.fields().size();
        this.kinds = new Primitive[columns];
        for (int c = 0; c < columns; c++) {
            if (!(schema.fields().get(c).type() instanceof Primitive kind)) {
                throw new IllegalArgumentException(schema.table() + "." + schema.fields().get(c).name() + " is not a flat column");
            }
            kinds[c] = kind;
            if (kind != Primitive.STRING && dictionaries[c] != null) {
                throw new IllegalArgumentException(schema.table() + "." + schema.fields().get(c).name()
                        + ": only a string column has a dictionary");
            }
        }
        this.dictionaries = dictionaries;
        this.dictionaryHashes = new long[columns][];
        for (int c = 0; c < columns; c++) {
            if (dictionaries[c] != null) {
                dictionaryHashes[c] = Arrays.stream(dictionaries[c]).mapToLong(TruthFile::stringHash).toArray();
            }
        }
        this.hashOrder = IntStream.range(0, columns).boxed()
                .sorted(Comparator.comparing(i -> schema.fields().get(i).name())).mapToInt(Integer::intValue).toArray();
        this.longs = new long[columns][];
        this.ints = new int[columns][];
        this.strings = new byte[columns][][];
        this.present = new boolean[columns][];
        this.capacity = Math.min(1024, rowsPerGroup);
        for (int c = 0; c < columns; c++) {
            allocate(c, capacity);
        }
        this.codec = codec;
        this.file = new TaskFile(conf, dir, partition, attempt, codec.getExtension() + ".parquet");
        this.parquetSchema = schema.parquet();
        this.writer = new ParquetFileWriter(HadoopOutputFile.fromPath(file.hidden, conf), parquetSchema,
                ParquetFileWriter.Mode.OVERWRITE, rowsPerGroup, 0);
        boolean ownCompression = codec == CompressionCodecName.SNAPPY || codec == CompressionCodecName.UNCOMPRESSED;
        this.codecs = ownCompression ? null : new CodecFactory(conf, rowsPerPage * 8);
        this.compressor = ownCompression ? null : codecs.getCompressor(codec);
        writer.start();
    }

    private void allocate(int column, int size) {
        if (kinds[column] == Primitive.LONG || kinds[column] == Primitive.TIMESTAMP) {
            longs[column] = longs[column] == null ? new long[size] : Arrays.copyOf(longs[column], size);
        } else if (kinds[column] == Primitive.STRING && dictionaries[column] == null) {
            strings[column] = strings[column] == null ? new byte[size][] : Arrays.copyOf(strings[column], size);
        } else {
            ints[column] = ints[column] == null ? new int[size] : Arrays.copyOf(ints[column], size);
        }
        present[column] = present[column] == null ? new boolean[size] : Arrays.copyOf(present[column], size);
    }

    /** A string column's value when it has no dictionary, as UTF-8; null leaves it null. */
    ColumnarTruthFile set(int column, byte[] value) {
        if (value != null) {
            strings[column][groupRows] = value;
            present[column][groupRows] = true;
        }
        return this;
    }

    /** A LONG, TIMESTAMP (microseconds), INT or DATE (epoch day) column's value, or a STRING column's code. */
    ColumnarTruthFile set(int column, long value) {
        if (longs[column] != null) {
            longs[column][groupRows] = value;
        } else {
            ints[column][groupRows] = Math.toIntExact(value);
        }
        present[column][groupRows] = true;
        return this;
    }

    ColumnarTruthFile set(int column, boolean value) {
        return set(column, value ? 1 : 0);
    }

    /** Ends the row set since the last one (a column not set is null); a full row group is written out. */
    void endRow() throws IOException {
        rows++;
        groupRows++;
        if (groupRows == rowsPerGroup) {
            writeGroup();
        } else if (groupRows == capacity) {
            capacity = Math.min(rowsPerGroup, capacity * 2);
            for (int c = 0; c < kinds.length; c++) {
                allocate(c, capacity);
            }
        }
    }

    /**
     * Adds the row group's rows to the fingerprint. The hash of a row chains its columns in name order; it is taken
     * a column at a time over all the rows, so that the rows' chains are independent and the processor overlaps
     * them, where a row at a time waits on each hash before the next.
     */
    private void fingerprintGroup() {
        if (rowHashes.length < groupRows) {
            rowHashes = new long[capacity];
        }
        long[] hash = rowHashes;
        int n = groupRows;
        Arrays.fill(hash, 0, n, TruthFile.HASH_SEED);
        for (int column : hashOrder) {
            boolean[] set = present[column];
            switch (kinds[column]) {
                case LONG, TIMESTAMP -> {
                    long[] v = longs[column];
                    for (int row = 0; row < n; row++) {
                        if (set[row]) {
                            hash[row] = XXH64.hashLong(v[row], hash[row]);
                        }
                    }
                }
                case INT, DATE, BOOLEAN -> {
                    int[] v = ints[column];
                    for (int row = 0; row < n; row++) {
                        if (set[row]) {
                            hash[row] = XXH64.hashInt(v[row], hash[row]);
                        }
                    }
                }
                case STRING -> {
                    long[] entryHashes = dictionaryHashes[column];
                    int[] codes = ints[column];
                    for (int row = 0; row < n; row++) {
                        long own = !set[row] ? TruthFile.HASH_SEED
                                : entryHashes != null ? entryHashes[codes[row]] : TruthFile.stringHash(strings[column][row]);
                        hash[row] = XXH64.hashLong(own, hash[row]);
                    }
                }
            }
        }
        for (int row = 0; row < n; row++) {
            hashHighSum += hash[row] >> 32;
            hashLowSum += hash[row] & 0xFFFF_FFFFL;
        }
    }

    /** Writes the rows held as one row group, a column chunk after the other, and clears them. */
    private void writeGroup() throws IOException {
        if (groupRows == 0) {
            return;
        }
        fingerprintGroup();
        writer.startBlock(groupRows);
        List<ColumnDescriptor> descriptors = parquetSchema.getColumns();
        for (int c = 0; c < kinds.length; c++) {
            ColumnDescriptor descriptor = descriptors.get(c);
            writer.startColumn(descriptor, groupRows, codec);
            int[] localCodes = kinds[c] == Primitive.STRING && dictionaries[c] != null ? writeDictionary(c) : null;
            for (int from = 0; from < groupRows; from += rowsPerPage) {
                writePage(c, descriptor, localCodes, from, Math.min(groupRows, from + rowsPerPage));
            }
            writer.endColumn();
            Arrays.fill(present[c], 0, groupRows, false);
            if (strings[c] != null) {
                Arrays.fill(strings[c], 0, groupRows, null);
            }
        }
        writer.endBlock();
        groupRows = 0;
    }

    /**
     * Writes the dictionary page of a string column's chunk: the entries its rows use, sorted as Parquet orders
     * strings (unsigned bytes), so that a page's least and greatest code are its least and greatest value. Returns
     * each code's index in that page (-1 for codes not used), or null when no row has a value.
     */
    private int[] writeDictionary(int column) throws IOException {
        byte[][] dictionary = dictionaries[column];
        boolean[] used = new boolean[dictionary.length];
        int distinct = 0;
        for (int row = 0; row < groupRows; row++) {
            if (present[column][row] && !used[ints[column][row]]) {
                used[ints[column][row]] = true;
                distinct++;
            }
        }
        if (distinct == 0) {
            return null;
        }
        Integer[] entries = new Integer[distinct];
        for (int code = 0, n = 0; code < dictionary.length; code++) {
            if (used[code]) {
                entries[n++] = code;
            }
        }
        Arrays.sort(entries, (a, b) -> UNSIGNED_BYTES.compare(dictionary[a], dictionary[b]));
        int[] local = new int[dictionary.length];
        Arrays.fill(local, -1);
        page.reset();
        for (int i = 0; i < distinct; i++) {
            local[entries[i]] = i;
            byte[] value = dictionary[entries[i]];
            page.int32(value.length);
            page.bytes(value);
        }
        int size = page.length;
        writer.writeDictionaryPage(new DictionaryPage(compress(), size, distinct, Encoding.PLAIN_DICTIONARY));
        localDictionary = new byte[distinct][];
        for (int i = 0; i < distinct; i++) {
            localDictionary[i] = dictionary[entries[i]];
        }
        return local;
    }

    /** Encodes rows [from, to) of a column as one data page: definition levels, then the present values. */
    private void writePage(int column, ColumnDescriptor descriptor, int[] localCodes, int from, int to) throws IOException {
        boolean[] set = present[column];
        int values = 0;
        for (int row = from; row < to; row++) {
            if (set[row]) {
                values++;
            }
        }
        int count = to - from;
        page.reset();
        definitionLevels(set, from, to, values == count);
        Statistics<?> statistics = Statistics.createStats(descriptor.getPrimitiveType());
        statistics.incrementNumNulls(count - values);
        Encoding encoding = Encoding.PLAIN;
        switch (kinds[column]) {
            case LONG, TIMESTAMP -> longs(longs[column], set, from, to, values, (LongStatistics) statistics);
            case INT, DATE -> ints(ints[column], set, from, to, values, (IntStatistics) statistics);
            case BOOLEAN -> booleans(ints[column], set, from, to, values, (BooleanStatistics) statistics);
            case STRING -> {
                if (dictionaries[column] == null) {
                    strings(strings[column], set, from, to, (BinaryStatistics) statistics);
                } else if (localCodes != null) {
                    encoding = Encoding.PLAIN_DICTIONARY;
                    codes(ints[column], localCodes, set, from, to, values, (BinaryStatistics) statistics);
                }
            }
        }
        int size = page.length;
        writer.writeDataPage(count, size, compress(), statistics, count, Encoding.RLE, Encoding.RLE, encoding);
    }

    private void longs(long[] v, boolean[] set, int from, int to, int values, LongStatistics statistics) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        page.ensure(8 * values);
        byte[] bytes = page.bytes;
        int at = page.length;
        for (int row = from; row < to; row++) {
            if (set[row]) {
                long value = v[row];
                min = Math.min(min, value);
                max = Math.max(max, value);
                LONGS.set(bytes, at, value);
                at += 8;
            }
        }
        page.length = at;
        if (values > 0) {
            statistics.setMinMax(min, max);
        }
    }

    private void ints(int[] v, boolean[] set, int from, int to, int values, IntStatistics statistics) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        page.ensure(4 * values);
        byte[] bytes = page.bytes;
        int at = page.length;
        for (int row = from; row < to; row++) {
            if (set[row]) {
                int value = v[row];
                min = Math.min(min, value);
                max = Math.max(max, value);
                INTS.set(bytes, at, value);
                at += 4;
            }
        }
        page.length = at;
        if (values > 0) {
            statistics.setMinMax(min, max);
        }
    }

    /** PLAIN booleans: one bit each, least significant first. */
    private void booleans(int[] v, boolean[] set, int from, int to, int values, BooleanStatistics statistics) {
        boolean any = false;
        boolean all = true;
        page.ensure(values / 8 + 1);
        byte[] bytes = page.bytes;
        int at = page.length;
        int bit = 0;
        for (int row = from; row < to; row++) {
            if (set[row]) {
                boolean value = v[row] != 0;
                any |= value;
                all &= value;
                if (bit == 0) {
                    bytes[at++] = 0;
                }
                if (value) {
                    bytes[at - 1] |= (byte) (1 << bit);
                }
                bit = (bit + 1) & 7;
            }
        }
        page.length = at;
        if (values > 0) {
            statistics.setMinMax(all, any);
        }
    }

    /** PLAIN strings: each value's length (four bytes), then its bytes. */
    private void strings(byte[][] v, boolean[] set, int from, int to, BinaryStatistics statistics) {
        byte[] min = null;
        byte[] max = null;
        for (int row = from; row < to; row++) {
            if (set[row]) {
                byte[] value = v[row];
                page.int32(value.length);
                page.bytes(value);
                if (min == null || Arrays.compareUnsigned(value, min) < 0) {
                    min = value;
                }
                if (max == null || Arrays.compareUnsigned(value, max) > 0) {
                    max = value;
                }
            }
        }
        if (min != null) {
            statistics.setMinMax(Binary.fromConstantByteArray(min), Binary.fromConstantByteArray(max));
        }
    }

    /** Dictionary codes: their bit width (one byte), then bit-packed; the page's codes' range gives its statistics. */
    private void codes(int[] v, int[] localCodes, boolean[] set, int from, int to, int values, BinaryStatistics statistics) {
        int width = Math.max(1, 32 - Integer.numberOfLeadingZeros(localDictionary.length - 1));
        page.byte1(width);
        int[] codes = scratch(values);
        int min = Integer.MAX_VALUE;
        int max = -1;
        for (int row = from, n = 0; row < to; row++) {
            if (set[row]) {
                int code = localCodes[v[row]];
                codes[n++] = code;
                min = Math.min(min, code);
                max = Math.max(max, code);
            }
        }
        page.bitPacked(codes, values, width);
        if (values > 0) {
            statistics.setMinMax(Binary.fromConstantByteArray(localDictionary[min]), Binary.fromConstantByteArray(localDictionary[max]));
        }
    }

    private int[] scratch = new int[ROWS_PER_PAGE];

    private int[] scratch(int size) {
        if (scratch.length < size) {
            scratch = new int[size];
        }
        return scratch;
    }

    /**
     * The definition levels of a page of an optional column (1 present, 0 null), in Parquet's run-length /
     * bit-packed hybrid of width 1 behind their length: one run when every row is present, else bit-packed.
     */
    private void definitionLevels(boolean[] set, int from, int to, boolean allPresent) {
        int start = page.length;
        page.int32(0); // the length, filled in below
        int count = to - from;
        if (allPresent) {
            page.varint(count << 1);
            page.byte1(1);
        } else {
            int[] levels = scratch(count);
            for (int row = from; row < to; row++) {
                levels[row - from] = set[row] ? 1 : 0;
            }
            page.bitPacked(levels, count, 1);
        }
        INTS.set(page.bytes, start, page.length - start - 4);
    }

    private BytesInput compress() throws IOException {
        switch (codec) {
            case UNCOMPRESSED:
                return BytesInput.from(page.bytes, 0, page.length);
            case SNAPPY:
                int most = Snappy.maxCompressedLength(page.length);
                if (compressed.length < most) {
                    compressed = new byte[Math.max(most, compressed.length * 2)];
                }
                return BytesInput.from(compressed, 0, Snappy.compress(page.bytes, 0, page.length, compressed, 0));
            default:
                return compressor.compress(BytesInput.from(page.bytes, 0, page.length));
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
        if (!closed) {
            closed = true;
            writer.abort();
            releaseCodecs();
        }
        file.abort();
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            writeGroup();
            closed = true;
            writer.end(Map.of());
            releaseCodecs();
        }
    }

    private void releaseCodecs() {
        if (codecs != null) {
            codecs.release();
        }
    }

    /** A page's bytes as they are encoded, in one growing array. */
    private static final class Page {
        byte[] bytes = new byte[ROWS_PER_PAGE * 9 + 64];
        int length;

        void reset() {
            length = 0;
        }

        void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        void byte1(int value) {
            ensure(1);
            bytes[length++] = (byte) value;
        }

        void int32(int value) {
            ensure(4);
            INTS.set(bytes, length, value);
            length += 4;
        }

        void bytes(byte[] value) {
            ensure(value.length);
            System.arraycopy(value, 0, bytes, length, value.length);
            length += value.length;
        }

        /** An unsigned LEB128 number, as the hybrid encoding's run headers are written. */
        void varint(int value) {
            ensure(5);
            while ((value & ~0x7F) != 0) {
                bytes[length++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            bytes[length++] = (byte) value;
        }

        /**
         * values[0, count) as one bit-packed run of the hybrid encoding: its header (groups of eight), then the
         * values of width bits each, least significant bit first, the last group padded with zeros.
         */
        void bitPacked(int[] values, int count, int width) {
            int groups = (count + 7) / 8;
            if (groups == 0) {
                return;
            }
            varint(groups << 1 | 1);
            ensure(groups * width + 8);
            long buffer = 0;
            int bits = 0;
            for (int i = 0; i < groups * 8; i++) {
                long value = i < count ? values[i] : 0;
                buffer |= value << bits;
                bits += width;
                while (bits >= 8) {
                    bytes[length++] = (byte) buffer;
                    buffer >>>= 8;
                    bits -= 8;
                }
            }
        }
    }
}
