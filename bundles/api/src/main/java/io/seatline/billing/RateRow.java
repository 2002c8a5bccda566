package io.seatline.billing;

import java.math.BigDecimal;

/**
 * One usage rate. {@code direction} INBOUND or OUTBOUND; {@code prefix} digits (longest match wins); {@code band} a
 * band name or {@code *}; {@code increment} "60/60", "6/6", "60/1" (first minute, then per second).
 */
public record RateRow(String direction, String prefix, String band, BigDecimal perMinute, BigDecimal connectionFee, BigDecimal minimumCharge,
                      String increment, String description) {
}
