package io.seatline.dialer.internal.list;

import io.seatline.core.CsvText;
import io.seatline.core.PhoneNumbers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a contact list (CSV) for a campaign: detects UTF-8 (with or without BOM) or GBK, maps columns to contact
 * fields, normalises the phone number to E.164 and reports every rejected row with its line number and reason —
 * every good row is kept, nothing is dropped silently.
 */
public final class ContactCsv {
    /** A contact read from the list: E.164 phone, and the mapped fields (name, a timezone, custom ones). */
    public record Row(int line, String phone, Map<String, String> fields) {
    }

    /** A row not taken, and why. */
    public record Rejected(int line, String reason, String raw) {
    }

    /** What a file gave: its encoding, the good rows and the rejected ones. */
    public record Result(String encoding, List<Row> rows, List<Rejected> rejected) {
    }

    /** The file is not a list at all (undecodable, no header, no phone column): nothing is imported. */
    public static final class BadFileException extends RuntimeException {
        private final String field;

        public BadFileException(String message, String field) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private ContactCsv() {
    }

    /**
     * @param data           the file
     * @param mapping        CSV header → contact field ("phone" is required); null maps each header to itself
     * @param defaultCountry ISO country for numbers without a country code
     * @param known          E.164 numbers already in the list (duplicates of them are rejected); may be empty
     */
    public static Result read(byte[] data, Map<String, String> mapping, String defaultCountry, Set<String> known) {
        CsvText.Decoded decoded = CsvText.decode(data);
        if (decoded == null) {
            throw new BadFileException("the file is neither UTF-8 nor GBK text: save it as UTF-8 CSV", "file");
        }
        List<CsvText.Row> all = CsvText.parse(decoded.text());
        List<List<String>> records = all.stream().map(CsvText.Row::fields).toList();
        List<Integer> lines = all.stream().map(CsvText.Row::line).toList();
        List<String> raws = all.stream().map(CsvText.Row::raw).toList();
        if (records.isEmpty()) {
            throw new BadFileException("the file is empty: a header line naming the columns is expected", "file");
        }
        List<String> header = records.get(0).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        Map<String, String> map = new LinkedHashMap<>();
        if (mapping == null || mapping.isEmpty()) {
            header.forEach(h -> map.put(h, h));
        } else {
            mapping.forEach((k, v) -> map.put(k.strip().toLowerCase(Locale.ROOT), v));
        }
        int phoneCol = -1;
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (!header.contains(e.getKey())) {
                throw new BadFileException("column '" + e.getKey() + "' of the mapping is not in the file's header " + header, "mapping." + e.getKey());
            }
            if ("phone".equals(e.getValue())) {
                phoneCol = header.indexOf(e.getKey());
            }
        }
        if (phoneCol < 0) {
            throw new BadFileException("no column is mapped to the field 'phone'", "mapping");
        }
        List<Row> rows = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Set<String> seen = new HashSet<>(known);
        for (int i = 1; i < records.size(); i++) {
            List<String> r = records.get(i);
            int line = lines.get(i);
            if (r.size() == 1 && r.get(0).isBlank()) {
                continue; // an empty line
            }
            if (r.size() != header.size()) {
                rejected.add(new Rejected(line, "has " + r.size() + " columns, the header " + header.size(), raws.get(i)));
                continue;
            }
            PhoneNumbers.Result phone = PhoneNumbers.normalise(r.get(phoneCol), defaultCountry);
            if (!phone.ok()) {
                rejected.add(new Rejected(line, phone.error(), raws.get(i)));
                continue;
            }
            if (!seen.add(phone.e164())) {
                rejected.add(new Rejected(line, "duplicate of " + phone.e164() + " (already in the list)", raws.get(i)));
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : map.entrySet()) {
                if (!"phone".equals(e.getValue())) {
                    fields.put(e.getValue(), r.get(header.indexOf(e.getKey())).strip());
                }
            }
            rows.add(new Row(line, phone.e164(), fields));
        }
        return new Result(decoded.encoding(), rows, rejected);
    }
}
