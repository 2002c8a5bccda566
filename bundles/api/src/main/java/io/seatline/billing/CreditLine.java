package io.seatline.billing;

import java.math.BigDecimal;

public record CreditLine(String description, BigDecimal net) {
}
