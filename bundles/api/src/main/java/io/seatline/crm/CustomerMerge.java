package io.seatline.crm;

/**
 * The result of merging one customer into another: the surviving customer as it now is, the customer that was
 * merged away, and how many history entries and tickets moved to the survivor.
 */
public record CustomerMerge(Customer customer, String mergedId, String mergedName, int movedInteractions, int movedTickets) {
}
