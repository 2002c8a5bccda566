package io.seatline.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Tones in recorded audio: reads WAV files (16-bit PCM or 32-bit float, any rate, mono or stereo, also one whose
 * header a killed writer never finished, as libsndfile leaves it until the call ends), measures one frequency by the
 * Goertzel algorithm and tells whether a tone is clearly there, and writes tone WAVs to play.
 *
 * <p>"Clearly there" means: in windows of 50 ms the tone carries at least half of the window's energy
 * ({@link #fraction}) and the window is not silence; {@link #present} asks for such windows in a row for a minimum
 * time, wherever they are, so silence, ringing or another tone before or after does not matter.
 */
final class Tone {
    /** Analysis window. */
    static final Duration WINDOW = Duration.ofMillis(50);
    /** Windows are this far apart (they overlap), so a run's length is measured to 10 ms. */
    static final Duration HOP = Duration.ofMillis(10);
    /** Below this RMS a window is silence, whatever it contains (about -50 dBFS; G.711 silence decodes to +-8). */
    static final double SILENCE_RMS = 100;
    /** Share of a window's energy a tone must carry to count as present there. */
    static final double DEFAULT_FRACTION = 0.5;

    private Tone() {
    }

    /** The samples of a WAV file: {@code channels[c][i]} is sample i of channel c. */
    static final class Wav {
        final int rate;
        final short[][] channels;

        Wav(int rate, short[][] channels) {
            this.rate = rate;
            this.channels = channels;
        }

        int frames() {
            return channels.length == 0 ? 0 : channels[0].length;
        }

        short[] channel(int c) {
            if (c < 0 || c >= channels.length) {
                throw new IllegalArgumentException("no channel " + c + " (the file has " + channels.length + ")");
            }
            return channels[c];
        }

        Duration duration() {
            return Duration.ofMillis(frames() * 1000L / rate);
        }

        @Override
        public String toString() {
            return rate + " Hz, " + channels.length + " ch, " + duration().toMillis() + " ms";
        }
    }

    /** Reads a RIFF/WAVE file of 16-bit PCM or 32-bit float samples. */
    static Wav read(Path wav) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(wav);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + wav, e);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !"RIFF".equals(ascii(bytes, 0)) || !"WAVE".equals(ascii(bytes, 8))) {
            throw new IllegalArgumentException(wav + " is not a WAV file (" + bytes.length + " bytes)");
        }
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int pos = 12;
        while (pos + 8 <= bytes.length) {
            String id = ascii(bytes, pos);
            long size = b.getInt(pos + 4) & 0xFFFFFFFFL;
            int body = pos + 8;
            if ("fmt ".equals(id)) {
                format = b.getShort(body) & 0xFFFF;
                channels = b.getShort(body + 2) & 0xFFFF;
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14) & 0xFFFF;
                if (format == 0xFFFE && size >= 26) {
                    format = b.getShort(body + 24) & 0xFFFF; // WAVE_FORMAT_EXTENSIBLE: the sub-format GUID starts with it
                }
            } else if ("data".equals(id)) {
                if (format < 0) {
                    throw new IllegalArgumentException(wav + ": data before fmt");
                }
                // an unfinished file says 0 (or anything): take what is there
                long available = bytes.length - body;
                int length = (int) (size == 0 || size > available ? available : size);
                return decode(wav, b, body, length, format, channels, rate, bits);
            }
            pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw new IllegalArgumentException(wav + " has no data chunk");
    }

    private static Wav decode(Path wav, ByteBuffer b, int from, int length, int format, int channels, int rate, int bits) {
        if (channels < 1 || rate < 1) {
            throw new IllegalArgumentException(wav + ": bad fmt (" + channels + " channels, " + rate + " Hz)");
        }
        boolean pcm16 = format == 1 && bits == 16;
        boolean float32 = format == 3 && bits == 32;
        if (!pcm16 && !float32) {
            throw new IllegalArgumentException(wav + ": format " + format + "/" + bits + " bits (only 16-bit PCM and 32-bit float)");
        }
        int frameBytes = channels * bits / 8;
        int frames = length / frameBytes;
        short[][] out = new short[channels][frames];
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                int at = from + i * frameBytes + c * bits / 8;
                if (pcm16) {
                    out[c][i] = b.getShort(at);
                } else {
                    float f = b.getFloat(at);
                    out[c][i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(f * 32767.0)));
                }
            }
        }
        return new Wav(rate, out);
    }

    private static String ascii(byte[] bytes, int at) {
        return new String(bytes, at, 4, StandardCharsets.ISO_8859_1);
    }

    /**
     * The amplitude of {@code hz} in {@code x[from, to)} by the Goertzel algorithm: about the sine's peak for a steady
     * tone filling the range, near 0 when it is absent.
     */
    static double amplitude(short[] x, int from, int to, int rate, double hz) {
        int n = to - from;
        if (n <= 0) {
            return 0;
        }
        double coeff = 2 * Math.cos(2 * Math.PI * hz / rate);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
            double s = x[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return 2 * Math.sqrt(Math.max(0, power)) / n;
    }

    /** Root mean square of {@code x[from, to)}. */
    static double rms(short[] x, int from, int to) {
        if (to <= from) {
            return 0;
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) x[i] * x[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    /**
     * The share (0..1) of the energy of {@code x[from, to)} that is at {@code hz}: about 1 for a clean tone, about 0
     * for another tone, noise or speech; 0 for silence.
     */
    static double fraction(short[] x, int from, int to, int rate, double hz) {
        double r = rms(x, from, to);
        if (r < 1e-9) {
            return 0;
        }
        double a = amplitude(x, from, to, rate, hz);
        return Math.min(1, (a * a / 2) / (r * r));
    }

    /** Whether the window {@code x[from, to)} is a clear tone of {@code hz}. */
    static boolean toneIn(short[] x, int from, int to, int rate, double hz, double minFraction) {
        return rms(x, from, to) >= SILENCE_RMS && fraction(x, from, to, rate, hz) >= minFraction;
    }

    /** The longest stretch of {@code x} in which {@code hz} is clearly the tone heard (see the class comment). */
    static Duration longest(short[] x, int rate, double hz, double minFraction) {
        int window = Math.max(1, (int) (rate * WINDOW.toMillis() / 1000));
        int hop = Math.max(1, (int) (rate * HOP.toMillis() / 1000));
        long best = 0;
        int runStart = -1;
        int lastEnd = -1;
        for (int start = 0; start + window <= x.length; start += hop) {
            if (toneIn(x, start, start + window, rate, hz, minFraction)) {
                if (runStart < 0) {
                    runStart = start;
                }
                lastEnd = start + window;
                best = Math.max(best, lastEnd - runStart);
            } else {
                runStart = -1;
            }
        }
        return Duration.ofMillis(best * 1000 / rate);
    }

    /** {@link #longest(short[], int, double, double)} with the default fraction. */
    static Duration longest(short[] x, int rate, double hz) {
        return longest(x, rate, hz, DEFAULT_FRACTION);
    }

    /** Whether {@code hz} is clearly heard in {@code x} for at least {@code minDuration} in a row. */
    static boolean present(short[] x, int rate, double hz, Duration minDuration) {
        return present(x, rate, hz, minDuration, DEFAULT_FRACTION);
    }

    static boolean present(short[] x, int rate, double hz, Duration minDuration, double minFraction) {
        return longest(x, rate, hz, minFraction).compareTo(minDuration) >= 0;
    }

    /** Whether {@code hz} is clearly heard on {@code channel} (0 = left or mono) of a WAV for {@code minDuration}. */
    static boolean present(Path wav, int channel, double hz, Duration minDuration) {
        Wav w = read(wav);
        return present(w.channel(channel), w.rate, hz, minDuration);
    }

    /** Like {@link #present(Path, int, double, Duration)} on channel 0. */
    static boolean present(Path wav, double hz, Duration minDuration) {
        return present(wav, 0, hz, minDuration);
    }

    /** Whether no 50 ms window of {@code x} has the tone (silence and other sounds are fine). */
    static boolean absent(short[] x, int rate, double hz) {
        return longest(x, rate, hz, DEFAULT_FRACTION).isZero();
    }

    /** Whether {@code x} is silence throughout (no 50 ms window louder than {@link #SILENCE_RMS}). */
    static boolean silent(short[] x, int rate) {
        int window = Math.max(1, rate / 20);
        for (int start = 0; start < x.length; start += window) {
            if (rms(x, start, Math.min(x.length, start + window)) >= SILENCE_RMS) {
                return false;
            }
        }
        return true;
    }

    /**
     * A few lines for an assertion message: per second of {@code x}, its RMS and the share of energy of each of
     * {@code hz}.
     */
    static String describe(short[] x, int rate, double... hz) {
        StringBuilder s = new StringBuilder();
        s.append(x.length).append(" samples at ").append(rate).append(" Hz (").append(x.length * 1000L / rate).append(" ms)\n");
        int lines = 0;
        for (int start = 0; start < x.length && lines < 120; start += rate, lines++) {
            int end = Math.min(x.length, start + rate);
            s.append(String.format(Locale.ROOT, "  %4ds rms %6.0f", start / rate, rms(x, start, end)));
            for (double f : hz) {
                s.append(String.format(Locale.ROOT, "  %.0fHz %3.0f%%", f, 100 * fraction(x, start, end, rate, f)));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** {@link #describe(short[], int, double...)} of a WAV's channel 0. */
    static String describe(Path wav, double... hz) {
        Wav w = read(wav);
        return wav.getFileName() + ": " + w + "\n" + describe(w.channel(0), w.rate, hz);
    }

    /** Writes {@code length} of a sine of {@code hz} (0: silence) at half of full scale: 8 kHz, 16-bit, mono. */
    static Path writeWav(Path file, double hz, Duration length) {
        return writeWav(file, hz, 16384, length);
    }

    /** Writes {@code length} of a sine of {@code hz} with peak {@code amplitude} (max 32767): 8 kHz, 16-bit, mono. */
    static Path writeWav(Path file, double hz, int amplitude, Duration length) {
        int rate = 8000;
        short[] x = new short[(int) (length.toMillis() * rate / 1000)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return writeWav(file, rate, x);
    }

    /** Writes mono 16-bit PCM samples as a WAV file. */
    static Path writeWav(Path file, int rate, short[] samples) {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(36 + samples.length * 2).put("WAVE".getBytes(StandardCharsets.ISO_8859_1));
        b.put("fmt ".getBytes(StandardCharsets.ISO_8859_1)).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate)
            .putInt(rate * 2).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.ISO_8859_1)).putInt(samples.length * 2);
        for (short s : samples) {
            b.putShort(s);
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, b.array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
