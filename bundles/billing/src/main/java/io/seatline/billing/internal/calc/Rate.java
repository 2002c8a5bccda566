package io.seatline.billing.internal.calc;

import java.math.BigDecimal;

/**
 * One row of a rate table: calls in {@code direction} to numbers starting with {@code prefix} (digits, international
 * format without '+'; inbound calls match the number dialled in, i.e. the DID) during time band {@code band} ("*":
 * any band) cost {@code perMinute} per billable minute, plus {@code connectionFee} once, at least {@code minimumCharge}.
 */
public record Rate(String direction, String prefix, String band, BigDecimal perMinute, BigDecimal connectionFee, BigDecimal minimumCharge,
                   Increment increment, String description) {
    public static final String ANY_BAND = "*";
}
