package org.paylens.logs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a file of a line format: splits it into lines (a line ends at {@code \n}, a {@code \r} before it dropped),
 * decodes each in the format's encoding and hands it to the format's {@link Parser}. A line that is not valid in
 * its encoding is decoded with U+FFFD in place of the bad bytes and flagged, so that the parser can still read its
 * id. An empty line is a record too (it parses as nothing, so it is quarantined rather than lost). A file compressed
 * with a codec Hadoop knows by its name (.gz, .bz2, …) is read through it.
 */
final class LineRecords implements RecordReader {
    /** Reads one decoded line into a record: its fields and, by {@link Defects#readError}, its first defect. */
    interface Parser {
        /**
         * @param text     the line decoded (U+FFFD where its bytes were not valid)
         * @param badBytes true when the line's bytes are not valid in the encoding, or it holds U+FFFD
         */
        void parse(String text, boolean badBytes, ParsedRecord into);
    }

    private final InputStream in;
    private final Parser parser;
    private final CharsetDecoder strict;
    private final Charset charset;
    /** The file's first line when it is exactly this (a CSV header), or null. */
    private final byte[] header;
    /** Whether the record's raw text is the line's bytes as they are (else the decoded text in UTF-8). */
    private final boolean rawBytes;
    private final byte[] buffer = new byte[1 << 16];
    private int start;
    private int end;
    private boolean eof;
    private byte[] line = new byte[1024];
    private int lineLength;
    private long lineNumber;

    LineRecords(Configuration conf, Path file, Charset charset, String header, boolean rawBytes, Parser parser) throws IOException {
        this.in = open(conf, file);
        this.parser = parser;
        this.charset = charset;
        this.strict = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        this.header = header == null ? null : header.getBytes(charset);
        this.rawBytes = rawBytes;
    }

    static InputStream open(Configuration conf, Path file) throws IOException {
        InputStream raw = file.getFileSystem(conf).open(file);
        org.apache.hadoop.io.compress.CompressionCodec codec = new org.apache.hadoop.io.compress.CompressionCodecFactory(conf).getCodec(file);
        return codec == null ? raw : codec.createInputStream(raw);
    }

    @Override
    public boolean next(ParsedRecord into) throws IOException {
        while (readLine()) {
            lineNumber++;
            if (lineNumber == 1 && header != null && Arrays.equals(line, 0, lineLength, header, 0, header.length)) {
                continue;
            }
            into.clear();
            into.position = lineNumber;
            String text;
            boolean badBytes;
            try {
                text = strict.decode(ByteBuffer.wrap(line, 0, lineLength)).toString();
                badBytes = text.indexOf('\uFFFD') >= 0;
            } catch (CharacterCodingException e) {
                text = new String(line, 0, lineLength, charset);
                badBytes = true;
            }
            into.raw = rawBytes ? Arrays.copyOf(line, lineLength) : text.getBytes(StandardCharsets.UTF_8);
            parser.parse(text, badBytes, into);
            return true;
        }
        return false;
    }

    /** The next line into {@link #line}, without its end; false at the end of the file. */
    private boolean readLine() throws IOException {
        lineLength = 0;
        boolean any = false;
        while (true) {
            if (start == end) {
                if (eof || !fill()) {
                    return any;
                }
            }
            any = true;
            int newline = -1;
            for (int i = start; i < end; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int stop = newline < 0 ? end : newline;
            append(start, stop - start);
            start = newline < 0 ? end : newline + 1;
            if (newline >= 0) {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
        }
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer, 0, buffer.length);
        if (read <= 0) {
            eof = true;
            return false;
        }
        start = 0;
        end = read;
        return true;
    }

    private void append(int from, int length) {
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        }
        System.arraycopy(buffer, from, line, lineLength, length);
        lineLength += length;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

}
