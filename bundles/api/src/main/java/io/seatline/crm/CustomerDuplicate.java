package io.seatline.crm;

import java.util.List;

/**
 * Customers of one tenant that look like the same person: they share a phone ({@code kind} PHONE, {@code value} in
 * E.164) or an e-mail address ({@code kind} EMAIL), most recently updated first.
 */
public record CustomerDuplicate(String kind, String value, List<Customer> customers) {
}
