package io.seatline.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** Payments against issued invoices, a tenant's balance and the overdue invoices. */
public interface PaymentService {
    /** Records a payment against an issued invoice; more than the invoice's balance is refused. */
    Payment pay(String invoiceId, BigDecimal amount, LocalDate paidOn, String reference);

    List<Payment> payments(String tenant);


    Balance balance(String tenant);

    /** Issued invoices with a balance past their due date as of {@code asOf} (null: today), most overdue first. */
    List<Invoice> overdue(LocalDate asOf);
}
