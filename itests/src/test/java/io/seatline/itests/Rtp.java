package io.seatline.itests;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * RTP for the media tests: A-law tone pcaps that SIPp's {@code play_pcap_audio} sends, and an {@link Ear} that
 * receives what one party of a call hears and tells which tones are in it (Goertzel).
 */
final class Rtp {
    private Rtp() {
    }

    /** A pcap of {@code seconds} of an A-law sine of {@code hz} at {@code amplitude}, 20 ms RTP packets (PT 8). */
    static Path tonePcap(Path file, double hz, int amplitude, int seconds) throws IOException {
        try (OutputStream os = Files.newOutputStream(file)) {
            ByteBuffer head = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            head.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
            os.write(head.array());
            int packets = seconds * 50;
            for (int n = 0; n < packets; n++) {
                ByteBuffer rtp = ByteBuffer.allocate(12 + 160);
                rtp.put((byte) 0x80).put((byte) 8).putShort((short) n).putInt(n * 160).putInt(0x5EA71E);
                for (int i = 0; i < 160; i++) {
                    int k = n * 160 + i;
                    rtp.put(alaw((int) Math.round(amplitude * Math.sin(2 * Math.PI * hz * k / 8000.0))));
                }
                byte[] r = rtp.array();
                ByteBuffer frame = ByteBuffer.allocate(14 + 20 + 8 + r.length);
                frame.put(new byte[12]).putShort((short) 0x0800);
                frame.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + r.length)).putInt(0).put((byte) 64).put((byte) 17)
                    .putShort((short) 0).put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1});
                frame.putShort((short) 10000).putShort((short) 20000).putShort((short) (8 + r.length)).putShort((short) 0).put(r);
                long micros = n * 20_000L;
                ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                rec.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(frame.capacity()).putInt(frame.capacity());
                os.write(rec.array());
                os.write(frame.array());
            }
        }
        return file;
    }

    /** G.711 A-law of a 16-bit sample. */
    static byte alaw(int pcm) {
        int mask;
        if (pcm >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            pcm = -pcm - 1;
        }
        int[] segEnd = {0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF, 0x3FFF, 0x7FFF};
        int seg = 0;
        while (seg < 8 && pcm > segEnd[seg]) {
            seg++;
        }
        if (seg >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int a = (seg << 4) | (seg < 2 ? (pcm >> 4) & 0x0F : (pcm >> (seg + 3)) & 0x0F);
        return (byte) (a ^ mask);
    }

    static short alawDecode(int a) {
        a = (a ^ 0x55) & 0xFF;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        if (seg == 0) {
            t += 8;
        } else {
            t = (t + 0x108) << (seg - 1);
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }

    static short ulawDecode(int u) {
        u = ~u & 0xFF;
        int t = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
        return (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
    }

    /**
     * A UDP port on 127.0.0.1 that a party's SDP names: it keeps every G.711 sample that Seatline sends there, in
     * arrival order, so a test can ask how loud a tone was in what arrived after some point.
     */
    static final class Ear implements AutoCloseable {
        private final DatagramSocket socket;
        private final Thread reader;
        private short[] samples = new short[8000 * 120];
        private int count;
        private long packets;

        Ear(String name) throws SocketException {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            reader = new Thread(this::read, "ear-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void read() {
            byte[] buf = new byte[2048];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            while (!socket.isClosed()) {
                try {
                    socket.receive(p);
                } catch (IOException e) {
                    return;
                }
                int len = p.getLength();
                if (len < 12 || (buf[0] & 0xC0) != 0x80) {
                    continue;
                }
                int pt = buf[1] & 0x7F;
                if (pt != 0 && pt != 8) {
                    continue; // telephone-event or other
                }
                int header = 12 + 4 * (buf[0] & 0x0F);
                synchronized (this) {
                    packets++;
                    for (int i = header; i < len; i++) {
                        if (count == samples.length) {
                            samples = Arrays.copyOf(samples, samples.length * 2);
                        }
                        samples[count++] = pt == 8 ? alawDecode(buf[i]) : ulawDecode(buf[i]);
                    }
                }
            }
        }

        /** How many samples arrived so far: a mark to measure from. */
        synchronized int mark() {
            return count;
        }

        synchronized long packets() {
            return packets;
        }

        /** Samples that arrived after {@code mark}. */
        synchronized int since(int mark) {
            return count - mark;
        }

        /**
         * The amplitude of {@code hz} in what arrived after {@code mark} (at most the last 2 s), by the Goertzel
         * algorithm: about the sine's peak for a steady tone, near 0 when the tone is absent.
         */
        synchronized double level(double hz, int mark) {
            int from = Math.max(mark, count - 16000);
            int n = count - from;
            if (n < 800) {
                return 0;
            }
            return Tone.amplitude(samples, from, count, 8000, hz);
        }

        /**
         * Sends a steady A-law tone of {@code hz} from this ear's own socket to {@code to}, 20 ms a packet, until closed:
         * a party whose RTP comes from where it listens (a phone behind NAT: the mapping is this socket, whatever its SDP
         * says).
         */
        void talk(java.net.InetSocketAddress to, double hz) {
            Thread sender = new Thread(() -> {
                long start = System.nanoTime();
                for (int n = 0; !socket.isClosed(); n++) {
                    java.nio.ByteBuffer rtp = java.nio.ByteBuffer.allocate(12 + 160);
                    rtp.put((byte) 0x80).put((byte) 8).putShort((short) n).putInt(n * 160).putInt(0x4E4154);
                    for (int i = 0; i < 160; i++) {
                        rtp.put(alaw((int) Math.round(4000 * Math.sin(2 * Math.PI * hz * (n * 160 + i) / 8000.0))));
                    }
                    try {
                        socket.send(new DatagramPacket(rtp.array(), rtp.capacity(), to));
                    } catch (IOException e) {
                        return;
                    }
                    // paced by the media clock: packet n leaves at n x 20 ms
                    long due = start + (n + 1) * 20_000_000L;
                    java.util.concurrent.locks.LockSupport.parkNanos(Math.max(0, due - System.nanoTime()));
                }
            }, "talk-" + hz);
            sender.setDaemon(true);
            sender.start();
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
