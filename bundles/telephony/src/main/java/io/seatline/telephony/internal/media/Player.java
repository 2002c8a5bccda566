package io.seatline.telephony.internal.media;

/** Plays 8 kHz linear samples 20 ms at a time; once (then {@code onDone} runs once) or in a loop. */
public final class Player {
    private final short[] samples;
    private final boolean loop;
    private final Runnable onDone;
    private int pos;
    private boolean done;

    public Player(short[] samples, boolean loop, Runnable onDone) {
        this.samples = samples == null ? new short[0] : samples;
        this.loop = loop && this.samples.length > 0;
        this.onDone = onDone;
    }

    /** The next frame, or null once finished. */
    short[] next() {
        if (done) {
            return null;
        }
        if (pos >= samples.length && !loop) {
            done = true;
            if (onDone != null) {
                onDone.run();
            }
            return null;
        }
        short[] f = new short[160];
        for (int i = 0; i < 160; i++) {
            if (pos >= samples.length) {
                if (!loop) {
                    break;
                }
                pos = 0;
            }
            f[i] = samples[pos++];
        }
        return f;
    }
}
