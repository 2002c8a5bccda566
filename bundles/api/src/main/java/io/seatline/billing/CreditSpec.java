package io.seatline.billing;

import java.util.List;

/** Lines to credit: {@code full} credits the whole remaining invoice, else each line is a description and a net amount. */
public record CreditSpec(String reason, Boolean full, List<CreditLine> lines) {
    public boolean whole() {
        return Boolean.TRUE.equals(full);
    }
}
