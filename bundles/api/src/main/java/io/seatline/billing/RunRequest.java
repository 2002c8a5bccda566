package io.seatline.billing;

import java.util.List;

/** A billing run for a month ({@code yyyy-MM}) and some tenants (null or empty: every tenant with a subscription). */
public record RunRequest(String period, List<String> tenants, Boolean force) {
    public boolean forced() {
        return Boolean.TRUE.equals(force);
    }
}
