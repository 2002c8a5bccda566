package io.seatline.telephony.internal.media;

import io.seatline.telephony.internal.media.Wav;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prompts every tenant has without uploading anything: spoken ones in English and Simplified Chinese (bundle
 * resources {@code prompts/en|zh/NAME.wav}, generated with espeak-ng), and generated ones: {@code music} /
 * {@code default} (a gentle arpeggio loop for hold), {@code beep} and {@code silence}.
 */
final class SystemPrompts {
    private static final Map<String, short[]> CACHE = new ConcurrentHashMap<>();

    private SystemPrompts() {}

    static short[] get(String name, String locale) {
        String lang = locale != null && locale.toLowerCase(Locale.ROOT).startsWith("zh") ? "zh" : "en";
        return CACHE.computeIfAbsent(lang + "/" + name, k -> load(name, lang));
    }

    private static short[] load(String name, String lang) {
        switch (name) {
            case "music", "default":
                return music();
            case "beep":
                return tone(1000, 400, 12000);
            case "silence":
                return new short[8000];
            default:
                break;
        }
        try (InputStream in = SystemPrompts.class.getResourceAsStream("/prompts/" + lang + "/" + name + ".wav")) {
            if (in == null) {
                return null;
            }
            return Wav.decode(in.readAllBytes());
        } catch (IOException e) {
            return null;
        }
    }

    static short[] tone(double hz, int ms, int amplitude) {
        short[] s = new short[ms * 8];
        for (int i = 0; i < s.length; i++) {
            double env = Math.min(1.0, Math.min(i, s.length - i) / 80.0);
            s[i] = (short) (amplitude * env * Math.sin(2 * Math.PI * hz * i / 8000.0));
        }
        return s;
    }

    /** Eight notes of a C-major arpeggio with soft decays: 4 s, looped. */
    private static short[] music() {
        double[] notes = {261.63, 329.63, 392.00, 523.25, 392.00, 329.63, 293.66, 349.23};
        short[] s = new short[notes.length * 4000];
        for (int n = 0; n < notes.length; n++) {
            for (int i = 0; i < 4000; i++) {
                double env = Math.exp(-i / 1600.0) * Math.min(1.0, i / 40.0);
                double v = Math.sin(2 * Math.PI * notes[n] * i / 8000.0) + 0.3 * Math.sin(4 * Math.PI * notes[n] * i / 8000.0);
                s[n * 4000 + i] = (short) (6000 * env * v);
            }
        }
        return s;
    }
}
