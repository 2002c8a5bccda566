package io.seatline.crm;

/**
 * Something pushed to one user's session: {@code event} names it ({@code screen-pop}, {@code notification}, {@code message},
 * {@code help}, {@code help-closed}),
 * {@code data} is a {@link ScreenPop}, a {@link Notification} or a {@link MessageService.Message}.
 */
public record Push(String event, Object data) {
}
