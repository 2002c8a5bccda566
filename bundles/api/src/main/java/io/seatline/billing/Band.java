package io.seatline.billing;

import java.util.List;

/** A time band of a plan: {@code days} MON..SUN, {@code from}/{@code to} HH:mm local time ({@code to} 24:00 allowed). */
public record Band(String name, List<String> days, String from, String to) {
}
