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
 * (an existing file is never overwritten) and its sizes are set on close from what reached the disk. When a write
 * fails (the disk is full) the recorder remembers why and calls its failure hook once; on close the file keeps the
 * audio written so far with matching sizes, or is removed if none was — never a corrupt WAV.
 */
public final class WavRecorder implements AutoCloseable {
    private final Path path;
    private final int channels;
    private final OutputStream out;
    private long frames;
    private boolean closed;
    private volatile String failure;
    private volatile Runnable onFailure;
    private boolean removed;

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
        try {
            out.write(b);
        } catch (IOException e) {
            failed(e);
            throw e;
        }
        frames += 160;
    }

    /** Called once, from the media thread, when the first write fails. */
    public void onFailure(Runnable hook) {
        this.onFailure = hook;
    }

    /** Why writing stopped (DISK_FULL or WRITE_FAILED), or null. */
    public String failure() {
        return failure;
    }

    /** Whether close removed the file (nothing was recorded before a failure). */
    public synchronized boolean removed() {
        return removed;
    }

    private void failed(IOException e) {
        if (failure != null) {
            return;
        }
        String m = String.valueOf(e.getMessage());
        failure = m.contains("No space left") || m.contains("Disk quota") ? "DISK_FULL" : "WRITE_FAILED";
        Runnable hook = onFailure;
        if (hook != null) {
            hook.run();
        }
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
        try {
            out.close();
        } catch (IOException e) {
            failed(e); // the buffered rest did not fit: what is on disk is kept
        }
        if (!Files.exists(path)) {
            removed = true;
            return;
        }
        if (Files.size(path) <= 44) {
            // not even one frame reached the disk: no recording, rather than an empty or headless file
            Files.deleteIfExists(path);
            removed = true;
            frames = 0;
            return;
        }
        // sizes from the file itself: after a failure fewer frames reached the disk than were written to the buffer
        frames = repair(path, channels) / (2L * channels);
    }
}
