package io.seatline.wfm.internal;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Imported CSV files: their rows, and the fields of a history row (an interval's local start and its figures). */
final class CsvFields {
    private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");

    private CsvFields() {
    }

    /** The records of an uploaded file (UTF-8 or GBK). */
    static java.util.List<io.seatline.core.CsvText.Row> rows(byte[] csv) {
        if (csv == null || csv.length == 0) {
            throw new io.seatline.core.ValidationException("required", "The CSV file is empty", "file");
        }
        io.seatline.core.CsvText.Decoded text = io.seatline.core.CsvText.decode(csv);
        if (text == null) {
            throw new io.seatline.core.ValidationException("invalid_encoding", "The file is neither UTF-8 nor GBK text", "file");
        }
        return io.seatline.core.CsvText.parse(text.text());
    }

    /** {@code 2026-11-02 08:30}, with seconds or an ISO {@code T}; a start with seconds past the minute is refused. */
    static LocalDateTime start(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("start is empty");
        }
        LocalDateTime t;
        try {
            t = s.indexOf('T') > 0 ? LocalDateTime.parse(s) : LocalDateTime.parse(s, SPACED);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("start is not a date and time such as 2026-11-02 08:30: " + s);
        }
        if (t.getSecond() != 0 || t.getNano() != 0) {
            throw new IllegalArgumentException("start is not on a whole minute: " + s);
        }
        return t;
    }

    /** A number from 0 to {@code max}. */
    static double number(String text, String field, double max) {
        String s = text == null ? "" : text.strip();
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " is not a number: " + (s.isEmpty() ? "(empty)" : s));
        }
        if (!(v >= 0 && v <= max)) {
            throw new IllegalArgumentException(field + " is 0 to " + (long) max + ": " + s);
        }
        return v;
    }
}
