package io.seatline.billing.internal.calc;

import io.seatline.core.ValidationException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rates by direction, destination prefix and time band, with the longest-prefix match done on a digit trie: a
 * look-up costs one step per digit of the number, whatever the number of prefixes (tens of thousands in a carrier's
 * table). Immutable once built.
 */
public final class RateTable {
    private final Map<String, Node> roots;
    private final int size;

    private static final class Node {
        final Node[] next = new Node[10];
        /** band → rate; most prefixes have one or two */
        Map<String, Rate> rates;
    }

    private RateTable(Map<String, Node> roots, int size) {
        this.roots = roots;
        this.size = size;
    }

    public int size() {
        return size;
    }

    /**
     * Builds the table; refuses (400, naming the row) a prefix that is not 1-20 digits, a direction other than INBOUND or
     * OUTBOUND, a negative price or fee, and the same direction + prefix + band twice.
     */
    public static RateTable build(List<Rate> rates) {
        Map<String, Node> roots = new HashMap<>();
        Set<String> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (int i = 0; i < rates.size(); i++) {
            Rate r = rates.get(i);
            String field = "rates[" + i + "]";
            String dir = r.direction() == null ? "" : r.direction().toUpperCase(Locale.ROOT);
            if (!dir.equals("INBOUND") && !dir.equals("OUTBOUND")) {
                throw new ValidationException("invalid_direction", "direction is INBOUND or OUTBOUND", field + ".direction");
            }
            if (r.prefix() == null || !r.prefix().matches("\\d{1,20}")) {
                throw new ValidationException("invalid_prefix", "a prefix is 1-20 digits in international format without '+' (e.g. 86138): '"
                    + r.prefix() + "'", field + ".prefix");
            }
            if (r.band() == null || r.band().isBlank()) {
                throw new ValidationException("invalid_band", "band: a time band's name or * for any", field + ".band");
            }
            if (r.perMinute() == null || r.perMinute().signum() < 0) {
                throw new ValidationException("invalid_price", "perMinute: zero or more", field + ".perMinute");
            }
            if (r.connectionFee() != null && r.connectionFee().signum() < 0) {
                throw new ValidationException("invalid_price", "connectionFee: zero or more", field + ".connectionFee");
            }
            if (r.minimumCharge() != null && r.minimumCharge().signum() < 0) {
                throw new ValidationException("invalid_price", "minimumCharge: zero or more", field + ".minimumCharge");
            }
            if (!seen.add(dir + "/" + r.prefix() + "/" + r.band())) {
                if (duplicates.size() < 20) {
                    duplicates.add(dir + " " + r.prefix() + " " + r.band() + " (row " + i + ")");
                }
                continue;
            }
            Node n = roots.computeIfAbsent(dir, d -> new Node());
            for (int k = 0; k < r.prefix().length(); k++) {
                int d = r.prefix().charAt(k) - '0';
                if (n.next[d] == null) {
                    n.next[d] = new Node();
                }
                n = n.next[d];
            }
            if (n.rates == null) {
                n.rates = new HashMap<>(2);
            }
            n.rates.put(r.band(), new Rate(dir, r.prefix(), r.band(), r.perMinute(), r.connectionFee() == null ? BigDecimal.ZERO : r.connectionFee(),
                r.minimumCharge() == null ? BigDecimal.ZERO : r.minimumCharge(), r.increment(), r.description()));
        }
        if (!duplicates.isEmpty()) {
            throw new ValidationException("duplicate_prefix", "the same direction, prefix and band appear more than once: "
                + String.join(", ", duplicates), "rates");
        }
        return new RateTable(roots, seen.size());
    }

    /**
     * The rate of the longest prefix of {@code number} that has a rate for {@code band} (or for any band), or null.
     * Non-digits in the number (a leading '+', spaces) are skipped.
     */
    public Rate match(String direction, String number, String band) {
        Node n = roots.get(direction);
        if (n == null || number == null) {
            return null;
        }
        Rate best = pick(n, band);
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            n = n.next[c - '0'];
            if (n == null) {
                break;
            }
            Rate r = pick(n, band);
            if (r != null) {
                best = r;
            }
        }
        return best;
    }

    private static Rate pick(Node n, String band) {
        if (n.rates == null) {
            return null;
        }
        Rate r = n.rates.get(band);
        return r != null ? r : n.rates.get(Rate.ANY_BAND);
    }
}
