package org.paylens.logs;


import org.paylens.scenario.Fault;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bank consortium switch's notifications (Bank Pay, J-Coin Pay, 銀行Pay): XML in the shape of an ISO 20022
 * camt.054 debit notification, one {@code <Ntry>} per payment under a {@code <Document>} root, written by the
 * simulation's tasks in the layout Spark's XML writer gives and read back entry by entry with the JDK's StAX parser.
 * <pre>&lt;Ntry&gt;&lt;NtryRef&gt;123&lt;/NtryRef&gt;&lt;Amt Ccy="JPY"&gt;720&lt;/Amt&gt;&lt;BookgDt&gt;&lt;DtTm&gt;2019-10-01T12:34:56+09:00&lt;/DtTm&gt;&lt;/BookgDt&gt;
 * &lt;Svc&gt;bank-pay&lt;/Svc&gt;&lt;Dbtr&gt;&lt;Id&gt;9c…&lt;/Id&gt;&lt;/Dbtr&gt;&lt;DbtrAcct&gt;&lt;Svcr&gt;mufg&lt;/Svcr&gt;&lt;Id&gt;51…&lt;/Id&gt;&lt;/DbtrAcct&gt;
 * &lt;Cdtr&gt;&lt;Nm&gt;ﾛ-ｿﾝ&lt;/Nm&gt;&lt;Id&gt;lawson-kanto-00003&lt;/Id&gt;&lt;/Cdtr&gt;&lt;/Ntry&gt;</pre>
 * XML entries carry no raw bytes of their own here (the parser decodes the file), so this format is not
 * written with truncated entries or invalid bytes, which would spoil the entries around them too.
 */
public final class Iso20022XmlLog implements LogFormat {
    @Override
    public Set<Fault> faults() {
        return EnumSet.complementOf(EnumSet.of(Fault.MALFORMED, Fault.BAD_ENCODING));
    }

    @Override
    public String id() {
        return "iso20022-xml";
    }

    @Override
    public String fileExtension() {
        return ".xml";
    }

    /** A file as Spark's XML writer lays it out: the declaration, the root, each entry indented by four spaces. */
    @Override
    public RecordFile open(java.io.OutputStream out) throws java.io.IOException {
        return RecordFile.ofLines(this, out,
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Document>".getBytes(StandardCharsets.UTF_8),
                "\n</Document>".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void writeRecord(RawRecord r, java.io.OutputStream out) throws java.io.IOException {
        StringBuilder xml = new StringBuilder(640).append("\n    <Ntry>");
        element(xml, 2, "NtryRef", Long.toString(r.txnId));
        String amount = Defects.amount(r.amountYen, r.fault);
        if (amount != null) {
            xml.append("\n        <Amt Ccy=\"JPY\">").append(escaped(amount)).append("</Amt>");
        }
        xml.append("\n        <BookgDt>");
        element(xml, 3, "DtTm", Defects.localTime(r.epochSeconds, r.fault));
        xml.append("\n        </BookgDt>");
        element(xml, 2, "Svc", r.scheme);
        xml.append("\n        <Dbtr>");
        element(xml, 3, "Id", r.payerRef);
        xml.append("\n        </Dbtr>");
        if (r.fundingOperator != null) {
            xml.append("\n        <DbtrAcct>");
            element(xml, 3, "Svcr", r.fundingOperator);
            element(xml, 3, "Id", r.fundingRef);
            xml.append("\n        </DbtrAcct>");
        }
        xml.append("\n        <Cdtr>");
        element(xml, 3, "Nm", Fault.OVERSIZED.id().equals(r.fault) ? r.statementName + Defects.PADDING : r.statementName);
        element(xml, 3, "Id", r.writtenMerchantId());
        xml.append("\n        </Cdtr>\n    </Ntry>");
        byte[] entry = xml.toString().getBytes(StandardCharsets.UTF_8);
        for (int copy = Fault.DUPLICATE.id().equals(r.fault) ? 2 : 1; copy > 0; copy--) {
            out.write(entry);
        }
    }

    private static void element(StringBuilder xml, int depth, String name, String text) {
        if (text != null) {
            xml.append('\n').append("    ".repeat(depth)).append('<').append(name).append('>').append(escaped(text))
                    .append("</").append(name).append('>');
        }
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * Reads each {@code <Ntry>} element as a record, wherever it is under the root, its child elements' text (white
     * space around it dropped) and the Amt element's Ccy attribute, as Spark's XML source gives them. Document type
     * declarations are not read and no external entity is ever resolved. A file whose XML breaks off ends with one
     * malformed record holding the parser's message, which says where.
     */
    @Override
    public RecordReader reader(org.apache.hadoop.conf.Configuration conf, org.apache.hadoop.fs.Path file) throws java.io.IOException {
        java.io.InputStream in = LineRecords.open(conf, file);
        javax.xml.stream.XMLStreamReader xml;
        try {
            xml = XML.createXMLStreamReader(in);
        } catch (javax.xml.stream.XMLStreamException e) {
            in.close();
            throw new java.io.IOException(file + ": not XML: " + e.getMessage(), e);
        }
        return new RecordReader() {
            private long ordinal;
            private boolean broken;

            @Override
            public boolean next(ParsedRecord r) throws java.io.IOException {
                if (broken) {
                    return false;
                }
                try {
                    while (xml.hasNext()) {
                        if (xml.next() == javax.xml.stream.XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("Ntry")) {
                            r.clear();
                            r.position = ++ordinal;
                            read(element(xml), r);
                            return true;
                        }
                    }
                    return false;
                } catch (javax.xml.stream.XMLStreamException e) {
                    broken = true;
                    r.clear();
                    r.position = ++ordinal;
                    r.raw = String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8);
                    r.parseError = Fault.MALFORMED.id();
                    return true;
                }
            }

            @Override
            public void close() throws java.io.IOException {
                try {
                    xml.close();
                } catch (javax.xml.stream.XMLStreamException ignored) {
                    // the stream below is closed next either way
                }
                in.close();
            }
        };
    }

    private static final javax.xml.stream.XMLInputFactory XML = javax.xml.stream.XMLInputFactory.newFactory();

    static {
        XML.setProperty(javax.xml.stream.XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(javax.xml.stream.XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XML.setProperty(javax.xml.stream.XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    }

    /** An element read whole: its attributes as "_name", its text as "_VALUE", each child element by its name. */
    private static Map<String, Object> element(javax.xml.stream.XMLStreamReader xml) throws javax.xml.stream.XMLStreamException {
        Map<String, Object> element = new LinkedHashMap<>();
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            element.put("_" + xml.getAttributeLocalName(i), xml.getAttributeValue(i));
        }
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = xml.next();
            if (event == javax.xml.stream.XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                Map<String, Object> child = element(xml);
                element.putIfAbsent(name, child.size() == 1 && child.containsKey("_VALUE") ? child.get("_VALUE") : child);
            } else if (event == javax.xml.stream.XMLStreamConstants.CHARACTERS || event == javax.xml.stream.XMLStreamConstants.CDATA) {
                text.append(xml.getText());
            } else if (event == javax.xml.stream.XMLStreamConstants.END_ELEMENT) {
                String value = text.toString().strip();
                if (!value.isEmpty()) {
                    element.put("_VALUE", value);
                }
                return element;
            }
        }
    }

    private static void read(Map<String, Object> entry, ParsedRecord r) {
        String idText = text(entry, "NtryRef");
        Map<String, Object> amt = struct(entry, "Amt");
        String amountText = text(amt, "_VALUE");
        Map<String, Object> booked = struct(entry, "BookgDt");
        String timeText = text(booked, "DtTm");
        Map<String, Object> debtor = struct(entry, "Dbtr");
        Map<String, Object> account = struct(entry, "DbtrAcct");
        Map<String, Object> creditor = struct(entry, "Cdtr");
        r.txnId = Defects.integer(idText);
        r.tsMicros = WallClock.parseOffsetMicros(timeText);
        r.merchantId = text(creditor, "Id");
        r.amountYen = Defects.integer(amountText);
        r.scheme = text(entry, "Svc");
        r.payerRef = text(debtor, "Id");
        r.fundingOperator = text(account, "Svcr");
        r.fundingRef = text(account, "Id");
        // The entry as read, in the shape Spark's XML source gives it, is the text the quarantine keeps.
        RowJson raw = new RowJson().put("NtryRef", idText);
        raw.object("Amt", amt != null).put("_Ccy", text(amt, "_Ccy")).put("_VALUE", amountText);
        raw.object("BookgDt", booked != null).put("DtTm", timeText);
        raw.put("Svc", r.scheme);
        raw.object("Dbtr", debtor != null).put("Id", r.payerRef);
        raw.object("DbtrAcct", account != null).put("Svcr", r.fundingOperator).put("Id", r.fundingRef);
        raw.object("Cdtr", creditor != null).put("Nm", text(creditor, "Nm")).put("Id", r.merchantId);
        String text = raw.text();
        r.raw = text.getBytes(StandardCharsets.UTF_8);
        r.parseError = Defects.readError(text.indexOf('\uFFFD') >= 0, text, idText != null && r.txnId == null, amountText,
                r.amountYen, timeText, r.tsMicros);
    }

    /** A child's text: a leaf's, or the text of an element that also has attributes. */
    private static String text(Map<String, Object> element, String name) {
        Object value = element == null ? null : element.get(name);
        if (value instanceof Map<?, ?> nested) {
            Object text = nested.get("_VALUE");
            return text instanceof String s ? s : null;
        }
        return (String) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> struct(Map<String, Object> element, String name) {
        Object value = element.get(name);
        if (value == null) {
            return null;
        }
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of("_VALUE", value);
    }
}
