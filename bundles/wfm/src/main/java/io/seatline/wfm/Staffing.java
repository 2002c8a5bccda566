package io.seatline.wfm;

/**
 * What {@code agents} agents achieve under {@code erlangs} of load.
 *
 * @param probabilityOfWaiting the share of callers who find every agent busy
 * @param serviceLevel         the share of offered calls answered within the target time
 * @param asaSeconds           the average speed of answer: the mean wait of the answered calls
 * @param occupancy            the share of the agents' time spent on calls
 * @param abandonRate          the share of callers who give up waiting (0 in Erlang C)
 * @param meanWaitSeconds      the mean wait of every caller, answered or not
 */
public record Staffing(int agents, double erlangs, double probabilityOfWaiting, double serviceLevel, double asaSeconds, double occupancy,
                       double abandonRate, double meanWaitSeconds) {
}
