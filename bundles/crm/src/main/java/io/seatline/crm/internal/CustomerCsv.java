package io.seatline.crm.internal;

import io.seatline.core.CsvText;
import io.seatline.core.ValidationException;
import io.seatline.crm.Customer;
import io.seatline.crm.CustomerSpec;
import io.seatline.crm.FieldDef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The customers' CSV columns: reading a header and rows into specs, writing customers back out. */
final class CustomerCsv {
    static final List<String> BUILT_IN = List.of("name", "phones", "email", "address", "language", "tags");
    private static final Map<String, String> ALIASES = Map.ofEntries(Map.entry("phone", "phones"), Map.entry("姓名", "name"),
        Map.entry("客户名称", "name"), Map.entry("电话", "phones"), Map.entry("手机", "phones"), Map.entry("邮箱", "email"), Map.entry("地址", "address"),
        Map.entry("语言", "language"), Map.entry("标签", "tags"));

    private CustomerCsv() {
    }

    /** Each column's key: a built-in property or "fields.<name>"; an unknown column is refused (400 mapping.<column>). */
    static List<String> columns(List<String> header, List<FieldDef> defs) {
        List<String> out = new ArrayList<>();
        for (String h : header) {
            String k = h.strip();
            String lower = k.toLowerCase(Locale.ROOT);
            String key = BUILT_IN.contains(lower) ? lower : ALIASES.get(lower);
            if (key == null) {
                key = defs.stream().filter(d -> d.name().equals(k) || d.label().equals(k)).map(d -> "fields." + d.name()).findFirst().orElse(null);
            }
            if (key == null || out.contains(key)) {
                throw new ValidationException(key == null ? "unknown_column" : "duplicate_column", "column '" + k + "' is "
                    + (key == null ? "neither a customer property " + BUILT_IN + " nor a custom field" : "given twice"), "mapping." + k);
            }
            out.add(key);
        }
        if (!out.contains("name")) {
            throw new ValidationException("name_column_required", "a 'name' column is required", "mapping");
        }
        return out;
    }

    static CustomerSpec spec(List<String> columns, List<String> row) {
        Map<String, Object> fields = new LinkedHashMap<>();
        String name = null;
        String email = null;
        String address = null;
        String language = null;
        List<String> phones = List.of();
        List<String> tags = List.of();
        for (int i = 0; i < columns.size(); i++) {
            String v = row.get(i).strip();
            String c = columns.get(i);
            if (v.isEmpty()) {
                continue;
            }
            switch (c) {
                case "name" -> name = v;
                case "phones" -> phones = split(v);
                case "email" -> email = v;
                case "address" -> address = v;
                case "language" -> language = v;
                case "tags" -> tags = split(v);
                default -> fields.put(c.substring("fields.".length()), v);
            }
        }
        return new CustomerSpec(name, phones, email, address, language, tags, fields);
    }

    private static List<String> split(String v) {
        return Arrays.stream(v.split("[;；|]")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    static String header(List<FieldDef> defs) {
        List<String> h = new ArrayList<>(BUILT_IN);
        defs.forEach(d -> h.add(d.name()));
        return CsvText.line(h);
    }

    static String row(Customer c, List<FieldDef> defs) {
        List<String> r = new ArrayList<>(List.of(c.name(), String.join(";", c.phones()), nz(c.email()), nz(c.address()), nz(c.language()),
            String.join(";", c.tags())));
        for (FieldDef d : defs) {
            Object v = c.fields().get(d.name());
            r.add(v == null ? "" : CustomFields.text(v));
        }
        return CsvText.line(r);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
