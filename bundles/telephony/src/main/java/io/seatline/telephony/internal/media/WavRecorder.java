package io.seatline.telephony.internal.media;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes 8 kHz 16-bit PCM WAV (mono, or stereo: customer left, the other parties right). The file is created new
 * (an existing file is never overwritten) and its sizes are patched in on close.
 */
public final class WavRecorder implements AutoCloseable {
    private final Path path;
    private final int channels;
    private final OutputStream out;
    private long frames;
    private boolean closed;

    public WavRecorder(Path path, int channels) throws IOException {
        this.path = path;
        this.channels = channels;
        Files.createDirectories(path.getParent());
        this.out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 32768);
        out.write(Wav.header(channels, 0));
    }

    /** Writes 160 sample frames; null channels are silence. Mono takes {@code left} plus {@code right}. */
    void write(short[] left, short[] right) throws IOException {
        byte[] b = new byte[160 * 2 * channels];
        int o = 0;
        for (int i = 0; i < 160; i++) {
            int l = left == null ? 0 : left[i];
            int r = right == null ? 0 : right[i];
            if (channels == 1) {
                int m = Math.max(-32768, Math.min(32767, l + r));
                b[o++] = (byte) m;
                b[o++] = (byte) (m >> 8);
            } else {
                b[o++] = (byte) l;
                b[o++] = (byte) (l >> 8);
                b[o++] = (byte) r;
                b[o++] = (byte) (r >> 8);
            }
        }
        out.write(b);
        frames += 160;
    }

    public long durationMs() {
        return frames / 8;
    }

    public Path path() {
        return path;
    }

    public int channels() {
        return channels;
    }

    /**
     * Makes a recording its writer never closed (the process was killed) readable: the sizes in its header are set
     * from what reached the file, cut to whole sample frames. Returns the length of its audio data in bytes.
     */
    public static long repair(Path path, int channels) throws IOException {
        int frame = 2 * channels;
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            long data = Math.max(0, f.length() - 44) / frame * frame;
            f.setLength(44 + data);
            f.seek(0);
            f.write(Wav.header(channels, data));
            return data;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        out.close();
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            f.seek(0);
            f.write(Wav.header(channels, frames * 2 * channels));
        }
    }
}
