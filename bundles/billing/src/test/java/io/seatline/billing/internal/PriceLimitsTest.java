package io.seatline.billing.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import io.seatline.core.ValidationException;
import java.math.BigDecimal;
import org.junit.Test;

/** Prices, fees and amounts are refused (400) beyond what the columns hold, never rounded or failing in the database. */
public class PriceLimitsTest {
    private static void refused(String value, String why) {
        try {
            BillingPart.positive(new BigDecimal(value), "amount", true);
            fail(value + " was accepted");
        } catch (ValidationException e) {
            assertEquals("invalid_price", e.code());
            assertEquals("amount", e.field());
            assertEquals(e.getMessage(), true, e.getMessage().contains(why));
        }
    }

    @Test
    public void tooLargeTooFineZeroAndNegativeAreRefused() {
        refused("1E+23", "at most 1000000000");
        refused("1000000000.000001", "at most 1000000000");
        refused("0.0000001", "6 decimal places");
        refused("0", "more than zero");
        refused("-5", "more than zero");
    }

    @Test
    public void theLimitsThemselvesAreAccepted() {
        BillingPart.positive(new BigDecimal("1000000000"), "amount", true);
        BillingPart.positive(new BigDecimal("0.000001"), "amount", true);
        BillingPart.positive(new BigDecimal("12.500000000"), "amount", true); // trailing zeros are not precision
        BillingPart.positive(null, "amount", false);
    }
}
