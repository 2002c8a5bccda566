package io.seatline.core;

import java.util.Locale;
import java.util.Map;

/**
 * Phone numbers to E.164 ({@code +<country code><national number>}) with the tenant's default country, for the
 * countries BPO clients dial most. A number that cannot be made E.164 gets the reason, never a guess.
 */
public final class PhoneNumbers {
    /** ISO country → calling code, and the national number lengths accepted after the trunk prefix is removed. */
    private record Country(String code, int minLength, int maxLength, boolean trunkZero) {
    }

    private static final Map<String, Country> COUNTRIES = Map.ofEntries(
        Map.entry("CN", new Country("86", 10, 11, true)),
        Map.entry("HK", new Country("852", 8, 8, false)),
        Map.entry("MO", new Country("853", 8, 8, false)),
        Map.entry("TW", new Country("886", 8, 9, true)),
        Map.entry("SG", new Country("65", 8, 8, false)),
        Map.entry("MY", new Country("60", 8, 10, true)),
        Map.entry("PH", new Country("63", 9, 10, true)),
        Map.entry("ID", new Country("62", 8, 12, true)),
        Map.entry("TH", new Country("66", 8, 9, true)),
        Map.entry("VN", new Country("84", 9, 10, true)),
        Map.entry("IN", new Country("91", 10, 10, true)),
        Map.entry("JP", new Country("81", 9, 10, true)),
        Map.entry("KR", new Country("82", 8, 10, true)),
        Map.entry("US", new Country("1", 10, 10, false)),
        Map.entry("CA", new Country("1", 10, 10, false)),
        Map.entry("GB", new Country("44", 9, 10, true)),
        Map.entry("DE", new Country("49", 6, 13, true)),
        Map.entry("FR", new Country("33", 9, 9, true)),
        Map.entry("AU", new Country("61", 9, 9, true)));

    /** The outcome: an E.164 number, or why there is none. */
    public record Result(String e164, String error) {
        public boolean ok() {
            return e164 != null;
        }
    }

    private PhoneNumbers() {
    }

    /** The country of a locale such as "zh-CN" or "en_US" when it is supported, else CN. */
    public static String countryOf(String locale) {
        if (locale != null) {
            String[] parts = locale.replace('_', '-').split("-");
            if (parts.length > 1 && supported(parts[parts.length - 1])) {
                return parts[parts.length - 1].toUpperCase(Locale.ROOT);
            }
        }
        return "CN";
    }

    public static boolean supported(String country) {
        return country != null && COUNTRIES.containsKey(country.toUpperCase(Locale.ROOT));
    }

    /**
     * {@code raw} as typed in a list ("+86 138-0013-8000", "(010) 6552 9988", "0086 13800138000", "13800138000")
     * in E.164, numbers without a country code being taken as {@code defaultCountry}'s.
     */
    public static Result normalise(String raw, String defaultCountry) {
        if (raw == null || raw.isBlank()) {
            return new Result(null, "missing number");
        }
        String s = raw.strip();
        boolean plus = s.startsWith("+") || s.startsWith("＋");
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c >= '０' && c <= '９') {
                digits.append((char) ('0' + (c - '０'))); // full-width digits, common in Chinese spreadsheets
            } else if (" -.()（）/＋+".indexOf(c) < 0) {
                return new Result(null, "invalid character '" + c + "' in number");
            }
        }
        String d = digits.toString();
        if (d.isEmpty()) {
            return new Result(null, "no digits in number");
        }
        if (!plus && d.startsWith("00")) {
            plus = true; // international prefix
            d = d.substring(2);
        }
        if (plus) {
            if (d.length() < 8 || d.length() > 15) {
                return new Result(null, "an international number has 8 to 15 digits");
            }
            for (Country c : COUNTRIES.values()) {
                if (d.startsWith(c.code())) {
                    return national(d.substring(c.code().length()), c);
                }
            }
            return new Result("+" + d, null); // a country this table does not know: E.164 by length only
        }
        Country c = defaultCountry == null ? null : COUNTRIES.get(defaultCountry.toUpperCase(Locale.ROOT));
        if (c == null) {
            return new Result(null, "no country code and no default country to assume");
        }
        if (d.startsWith(c.code()) && d.length() - c.code().length() >= c.minLength() && d.length() - c.code().length() <= c.maxLength()
            && d.length() > c.maxLength()) {
            return national(d.substring(c.code().length()), c); // country code written without '+'
        }
        return national(d, c);
    }

    private static Result national(String n, Country c) {
        if (c.trunkZero() && n.startsWith("0")) {
            n = n.substring(1);
        }
        if (n.length() < c.minLength() || n.length() > c.maxLength()) {
            return new Result(null, "a number of country code +" + c.code() + " has " + c.minLength()
                + (c.maxLength() == c.minLength() ? "" : " to " + c.maxLength()) + " digits after the country code, not " + n.length());
        }
        if ("86".equals(c.code()) && n.length() == 11 && n.charAt(0) != '1') {
            return new Result(null, "an 11-digit Chinese number is a mobile number starting with 1");
        }
        return new Result("+" + c.code() + n, null);
    }
}
