package io.seatline.core;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says whether something happens for the first time in a while, per key: one listening to a recording (the player's
 * requests for the audio and for its waveform, a replay a moment later) is audited once, not once per request. Keeps
 * at most {@code 10,000} keys: past that, the keys older than the window go, and if that is not enough, all of them
 * (a key then counts as new once more: an extra audit entry, never a missing one).
 */
public final class Debounce {
    private static final int MAX_KEYS = 10_000;
    private final Map<String, Long> last = new ConcurrentHashMap<>();
    private final long windowNanos;

    public Debounce(Duration window) {
        this.windowNanos = window.toNanos();
    }

    /** True when {@code key} was not seen within the window (and it is counted as seen now). */
    public boolean first(String key) {
        long now = System.nanoTime();
        boolean[] fresh = new boolean[1];
        last.compute(key, (k, at) -> {
            fresh[0] = at == null || now - at >= windowNanos;
            return fresh[0] ? now : at;
        });
        if (last.size() > MAX_KEYS) {
            last.entrySet().removeIf(e -> now - e.getValue() >= windowNanos);
            if (last.size() > MAX_KEYS) {
                last.clear();
                last.put(key, now);
            }
        }
        return fresh[0];
    }
}
