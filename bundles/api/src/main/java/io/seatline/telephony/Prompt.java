package io.seatline.telephony;

import java.time.Instant;

/** An audio prompt: uploaded by the tenant (stored as 8 kHz mono PCM), or built in ({@code builtIn}). */
public record Prompt(String name, long durationMs, Instant uploadedAt, boolean builtIn) {
}
