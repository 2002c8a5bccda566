package io.seatline.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV files as BPO clients send them: UTF-8 (with or without BOM) or GBK (Excel on Chinese Windows), RFC 4180
 * quoting with line breaks inside quotes; every record keeps its first line number and raw text for reports.
 */
public final class CsvText {
    private static final Charset GBK = Charset.forName("GBK");

    /** A record: its fields, the line it starts on, its raw text. */
    public record Row(List<String> fields, int line, String raw) {
    }

    /** Decoded text and the encoding it was found in. */
    public record Decoded(String text, String encoding) {
    }

    private CsvText() {
    }

    /** UTF-8 (a BOM is dropped) if the bytes are valid UTF-8, else GBK if valid GBK, else {@code null}. */
    public static Decoded decode(byte[] data) {
        int start = data.length >= 3 && (data[0] & 0xFF) == 0xEF && (data[1] & 0xFF) == 0xBB && (data[2] & 0xFF) == 0xBF ? 3 : 0;
        ByteBuffer bytes = ByteBuffer.wrap(data, start, data.length - start);
        for (Charset cs : List.of(StandardCharsets.UTF_8, GBK)) {
            try {
                String s = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes.duplicate()).toString();
                return new Decoded(s, cs.name());
            } catch (CharacterCodingException e) {
                // try the next
            }
        }
        return null;
    }

    /** The records of {@code text} (RFC 4180), each with its first line number and raw text. */
    public static List<Row> parse(String text) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        StringBuilder raw = new StringBuilder();
        boolean quoted = false;
        int line = 1;
        int recordLine = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    raw.append("\"\"");
                    i++;
                } else if (c == '"') {
                    quoted = false;
                    raw.append(c);
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                    raw.append(c);
                }
                continue;
            }
            if (c == '"') {
                quoted = true;
                raw.append(c);
            } else if (c == ',') {
                fields.add(restore(field.toString()));
                field.setLength(0);
                raw.append(c);
            } else if (c == '\r') {
                // part of CRLF
            } else if (c == '\n') {
                fields.add(restore(field.toString()));
                rows.add(new Row(fields, recordLine, raw.toString()));
                fields = new ArrayList<>();
                field.setLength(0);
                raw.setLength(0);
                line++;
                recordLine = line;
            } else {
                field.append(c);
                raw.append(c);
            }
        }
        if (field.length() > 0 || !fields.isEmpty()) {
            fields.add(restore(field.toString()));
            rows.add(new Row(fields, recordLine, raw.toString()));
        }
        return rows;
    }

    /**
     * One CSV line (CRLF-terminated), quoting fields that need it. A field a spreadsheet would run as a formula
     * ({@link #neutralise}) is written with a leading apostrophe, as OWASP's CSV-injection rules ask.
     */
    public static String line(List<String> fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String f = neutralise(fields.get(i) == null ? "" : fields.get(i));
            if (i > 0) {
                b.append(',');
            }
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                b.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                b.append(f);
            }
        }
        return b.append("\r\n").toString();
    }

    /**
     * A field starting with {@code = + - @}, a tab or a carriage return is what Excel and LibreOffice evaluate
     * ({@code =HYPERLINK(…)}, {@code @SUM(…)}): it gets a leading {@code '} so it is shown as text. Plain numbers
     * ({@code -110.00}, {@code +8613800138000}) stay as they are: they are data, not formulas.
     */
    public static String neutralise(String field) {
        if (field.isEmpty() || "=+-@\t\r".indexOf(field.charAt(0)) < 0 || NUMBER.matcher(field).matches()) {
            return field;
        }
        return "'" + field;
    }

    /** The inverse of {@link #neutralise} for a field read back (an exported file imported again). */
    public static String restore(String field) {
        if (field.length() > 1 && field.charAt(0) == '\'' && "=+-@\t\r".indexOf(field.charAt(1)) >= 0
            && !NUMBER.matcher(field.substring(1)).matches()) {
            return field.substring(1);
        }
        return field;
    }

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?");
}
