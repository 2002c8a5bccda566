package io.seatline.crm;

/**
 * Something pushed to one user's session: {@code event} names it ({@code screen-pop}, {@code notification}),
 * {@code data} is a {@link ScreenPop} or a {@link Notification}.
 */
public record Push(String event, Object data) {
}
