package io.seatline.telephony;

import java.util.Map;

/**
 * One step of an IVR menu. {@code type} decides which fields apply:
 * <ul>
 * <li>{@code play}: play {@code prompt}, go to {@code next};</li>
 * <li>{@code menu}: play {@code prompt}, wait {@code timeoutSeconds} for one key; {@code options} maps a key to a
 *     node; invalid or no input plays {@code invalidPrompt} and retries up to {@code retries} times, then goes to
 *     {@code fallback};</li>
 * <li>{@code collect}: play {@code prompt}, collect up to {@code maxDigits} digits (ended by {@code terminator},
 *     default '#') into call data {@code variable}, go to {@code next} (no input: {@code fallback});</li>
 * <li>{@code branch}: compare call data {@code variable} with {@code cases} (value or regular expression → node),
 *     else {@code otherwise};</li>
 * <li>{@code hours}: {@code open} during the tenant's business hours, {@code closed} outside them and on holidays;</li>
 * <li>{@code queue}: enter {@code queue} (optional {@code prompt} first);</li>
 * <li>{@code goto}: continue in another menu {@code menu};</li>
 * <li>{@code voicemail}: play {@code prompt} and a tone, record up to {@code maxSeconds} into {@code mailbox}
 *     (ended by '#' or hanging up), then hang up;</li>
 * <li>{@code hangup}: play {@code prompt} if any and hang up.</li>
 * </ul>
 */
public record IvrNode(String type, String prompt, String next, Map<String, String> options, Integer timeoutSeconds,
                      Integer retries, String invalidPrompt, String fallback, Integer maxDigits, String terminator,
                      String variable, Map<String, String> cases, String otherwise, String open, String closed,
                      String queue, String menu, String mailbox, Integer maxSeconds) {
}
