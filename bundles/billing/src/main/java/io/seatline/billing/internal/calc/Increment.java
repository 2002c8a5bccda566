package io.seatline.billing.internal.calc;

import io.seatline.core.ValidationException;

/**
 * A billing increment {@code first/next}: a call is charged at least {@code first} seconds, then every started
 * {@code next} seconds. 60/60 charges whole minutes (61 s → 120 s), 6/6 six-second blocks, 1/1 per second, 60/1 the
 * first minute whole and then per second. Talk time is first rounded up to the started second.
 */
public record Increment(int first, int next) {

    public Increment {
        if (first < 1 || next < 1 || first > 3600 || next > 3600) {
            throw new ValidationException("invalid_increment", "an increment is first/next seconds, each 1-3600 (e.g. 60/60, 6/6, 60/1)",
                "increment");
        }
    }

    /** "60/60", "6/6", "60/1"; a single number n means n/n. */
    public static Increment parse(String text) {
        if (text == null || !text.strip().matches("\\d{1,4}(/\\d{1,4})?")) {
            throw new ValidationException("invalid_increment", "an increment is first/next seconds, e.g. 60/60, 6/6, 60/1: '" + text + "'",
                "increment");
        }
        String[] p = text.strip().split("/");
        int first = Integer.parseInt(p[0]);
        return new Increment(first, p.length == 1 ? first : Integer.parseInt(p[1]));
    }

    /** Seconds charged for a call that talked {@code talkMs} milliseconds; 0 for no talk time. */
    public long billableSeconds(long talkMs) {
        if (talkMs <= 0) {
            return 0;
        }
        long seconds = (talkMs + 999) / 1000;
        if (seconds <= first) {
            return first;
        }
        return first + ((seconds - first + next - 1) / next) * next;
    }

    @Override
    public String toString() {
        return first + "/" + next;
    }
}
