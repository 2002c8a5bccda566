package io.seatline.telephony.internal.media;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One party's media endpoint on Seatline: a UDP port the party sends its RTP to, and from which Seatline sends
 * the party what it should hear. Packets are accepted only from the address the party signalled in its SDP (or, with
 * symmetric RTP, from the address its SIP signalling comes from); the first such packet latches the source address
 * and port, and after that only that address and port count (no media hijack). Strict mode sends to the address the
 * SDP names; symmetric RTP (a party behind NAT) sends to the latched source instead.
 * Received audio is forwarded as-is to the parties that hear only this one, and decoded into a playout buffer
 * when a mix, a recording or a monitor needs it.
 */
public final class MediaLeg {
    private static final MediaLeg[] NONE = new MediaLeg[0];
    private static final int BUFFER = 8000; // 1 s of samples
    private static final int MAX_LATENCY = 1600; // 200 ms: older samples are dropped
    private static final int PREFILL = 320; // 40 ms collected after an underrun before playout resumes

    final MediaEngine engine;
    final MediaEngine.Loop loop;
    final DatagramChannel channel;
    public final int port;
    public final String label;
    final long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
    private long sdpVersion = 1;

    volatile MediaSession session;
    volatile InetSocketAddress remote;
    private volatile InetAddress expectedIp;
    /** the source the party's RTP comes from, latched on its first valid packet (null until then) */
    private volatile InetSocketAddress latched;
    /**
     * a source from the signalling address (not the SDP's) latches only after {@link #LATCH_PACKETS} packets in a row of
     * one stream (same source, same SSRC, consecutive sequence numbers): a stranger behind the same NAT address cannot
     * win the latch with one guessed packet
     */
    private static final int LATCH_PACKETS = 3;
    private InetSocketAddress candidate;
    private int candidateSsrc;
    private int candidateSeq;
    private int candidatePackets;
    /** symmetric RTP: latch on the signalling address too, and send to the latched source */
    private volatile boolean symmetric;
    private volatile InetAddress signallingIp;
    /** the G.711 payload type this party sends and receives (-1 until negotiated) */
    volatile int pt = -1;
    /** the telephone-event payload type this party uses (-1: none) */
    volatile int tePt = -1;
    volatile boolean sending = true;
    volatile MediaLeg[] forwardTo = NONE;
    volatile boolean collect;
    volatile Consumer<Character> onDigit;
    volatile boolean closed;
    /** when this party last sent a valid packet from its address (or opened, or last changed what it sends) */
    private volatile long lastPacketNanos = System.nanoTime();
    /** the party's SDP says it sends (sendrecv or sendonly), so its silence means something */
    private volatile boolean expectsMedia;

    // playout buffer, guarded by itself
    private final short[] ring = new short[BUFFER];
    private int head;
    private int size;
    private boolean primed;

    // generated stream (media clock thread only)
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private int seq = ThreadLocalRandom.current().nextInt(0, 65536);
    private int timestamp = ThreadLocalRandom.current().nextInt();
    private final ByteBuffer out = ByteBuffer.allocateDirect(12 + 160);

    // DTMF (receive thread only)
    private long lastEventTs = Long.MIN_VALUE;
    private long digitWindowStart;
    private int digitsInWindow;

    MediaLeg(MediaEngine engine, MediaEngine.Loop loop, DatagramChannel channel, int port, String label) {
        this.engine = engine;
        this.loop = loop;
        this.channel = channel;
        this.port = port;
        this.label = label;
    }

    /** The party's SDP (offer or answer) says where to send and what it speaks. Returns false when no G.711 is common. */
    public boolean remote(SdpInfo sdp) {
        if (sdp == null) {
            return false;
        }
        boolean changed = true;
        try {
            InetAddress ip = sdp.address() == null ? null : InetAddress.getByName(sdp.address());
            changed = ip == null || !ip.equals(expectedIp) || remote == null || remote.getPort() != sdp.port();
            expectedIp = ip;
            remote = ip == null || sdp.port() == 0 ? null : new InetSocketAddress(ip, sdp.port());
            if (changed) {
                latched = null;
            }
        } catch (IOException e) {
            remote = null;
        }
        if (pt < 0 || !sdp.audioPts().contains(pt)) {
            pt = sdp.audioPts().isEmpty() ? -1 : sdp.audioPts().get(0);
        }
        tePt = sdp.telephoneEventPt();
        sending = !"inactive".equals(sdp.direction()) && !"sendonly".equals(sdp.direction()) && remote != null;
        boolean expect = !"inactive".equals(sdp.direction()) && !"recvonly".equals(sdp.direction()) && remote != null;
        if (expect != expectsMedia || changed) {
            lastPacketNanos = System.nanoTime(); // the silence clock starts again with what the party now says it sends
        }
        expectsMedia = expect;
        return pt >= 0;
    }

    /**
     * Symmetric RTP (comedia, for a party behind NAT): its first packet from the SDP's address or from
     * {@code signallingIp} (where its SIP comes from) latches its source, and its audio is sent there. Off: strict.
     */
    public void symmetric(boolean on, String signallingIp) {
        InetAddress ip = null;
        if (on && signallingIp != null && !signallingIp.isBlank()) {
            try {
                ip = InetAddress.getByName(signallingIp);
            } catch (IOException e) {
                ip = null;
            }
        }
        this.signallingIp = ip;
        this.symmetric = on;
    }

    /** Where this party's audio is sent now: its latched source (symmetric RTP), else the SDP's address. */
    InetSocketAddress target() {
        InetSocketAddress l = latched;
        return symmetric && l != null ? l : remote;
    }

    /** Seatline's SDP for this endpoint: its negotiated codec, or both G.711 laws (preferred first) in an offer. */
    public synchronized byte[] localSdp(int preferredPt, String direction) {
        List<Integer> pts = pt >= 0 ? List.of(pt) : preferredPt == G711.PCMA ? List.of(G711.PCMA, G711.PCMU) : List.of(G711.PCMU, G711.PCMA);
        return SdpInfo.local(engine.advertised, port, sessionId, sdpVersion++, pts, 101, direction);
    }

    /** The party should be sending (its SDP is sendrecv or sendonly) yet sent nothing valid for {@code nanos}. */
    public boolean silentFor(long nanos) {
        return expectsMedia && System.nanoTime() - lastPacketNanos > nanos;
    }

    /** The party's SDP says it sends media (on hold or parked it may say it does not). */
    public boolean expectsMedia() {
        return expectsMedia;
    }

    public int pt() {
        return pt;
    }

    public void onDigit(Consumer<Character> listener) {
        this.onDigit = listener;
    }

    // ------------------------------------------------------------------ receive path (loop thread)

    void receive(ByteBuffer buf, InetSocketAddress src) {
        engine.packetsIn.increment();
        InetSocketAddress l = latched;
        boolean fromSdp = l == null && expectedIp != null && expectedIp.equals(src.getAddress());
        if (l != null ? !l.equals(src) : !acceptable(src.getAddress())) {
            engine.packetsForeign.increment();
            return;
        }
        int len = buf.remaining();
        if (len < 12 || (buf.get(0) & 0xC0) != 0x80) {
            engine.packetsMalformed.increment();
            return;
        }
        int cc = buf.get(0) & 0x0F;
        int headerLen = 12 + 4 * cc;
        if ((buf.get(0) & 0x10) != 0) {
            if (len < headerLen + 4) {
                engine.packetsMalformed.increment();
                return;
            }
            headerLen += 4 + 4 * (buf.getShort(headerLen + 2) & 0xFFFF);
        }
        int padding = (buf.get(0) & 0x20) != 0 && len > 0 ? buf.get(len - 1) & 0xFF : 0;
        int payloadLen = len - headerLen - padding;
        if (payloadLen <= 0 || payloadLen > 1500) {
            engine.packetsMalformed.increment();
            return;
        }
        if (l == null) {
            if (!fromSdp && !candidateStream(buf, src)) {
                return; // not yet: a stream from the signalling address is taken after a few packets in a row
            }
            latched = src;
        }
        lastPacketNanos = System.nanoTime();
        int ptIn = buf.get(1) & 0x7F;
        if (ptIn == tePt || (tePt < 0 && ptIn == 101)) {
            telephoneEvent(buf, headerLen, payloadLen);
            for (MediaLeg target : forwardTo) {
                if (target.tePt >= 0) {
                    target.send(buf, ptIn, target.tePt, headerLen, payloadLen);
                }
            }
            return;
        }
        if (!G711.supported(ptIn)) {
            engine.packetsMalformed.increment();
            return;
        }
        for (MediaLeg target : forwardTo) {
            target.send(buf, ptIn, target.pt < 0 ? ptIn : target.pt, headerLen, payloadLen);
        }
        if (collect) {
            synchronized (ring) {
                for (int i = 0; i < payloadLen; i++) {
                    short s = G711.decode(ptIn, buf.get(headerLen + i));
                    if (size == BUFFER) {
                        head = (head + 1) % BUFFER;
                        size--;
                    }
                    ring[(head + size) % BUFFER] = s;
                    size++;
                }
                if (size > MAX_LATENCY) {
                    int drop = size - MAX_LATENCY;
                    head = (head + drop) % BUFFER;
                    size -= drop;
                }
            }
        }
    }

    /** Counts packets of one stream from a signalling-address candidate; true once it has sent enough in a row. */
    private boolean candidateStream(ByteBuffer buf, InetSocketAddress src) {
        int ssrc = buf.getInt(8);
        int seq = buf.getShort(2) & 0xFFFF;
        if (src.equals(candidate) && ssrc == candidateSsrc && seq == ((candidateSeq + 1) & 0xFFFF)) {
            candidatePackets++;
        } else {
            candidate = src;
            candidateSsrc = ssrc;
            candidatePackets = 1;
        }
        candidateSeq = seq;
        return candidatePackets >= LATCH_PACKETS;
    }

    /** Before latching: the SDP's address, or with symmetric RTP also the signalling address. */
    private boolean acceptable(InetAddress from) {
        InetAddress ip = expectedIp;
        if (ip != null && ip.equals(from)) {
            return true;
        }
        InetAddress sig = signallingIp;
        return symmetric && sig != null && sig.equals(from);
    }

    private void telephoneEvent(ByteBuffer buf, int headerLen, int payloadLen) {
        if (payloadLen < 4) {
            engine.packetsMalformed.increment();
            return;
        }
        long ts = buf.getInt(4) & 0xFFFFFFFFL;
        if (ts == lastEventTs) {
            return; // the same event again (continuation, end, retransmitted end)
        }
        lastEventTs = ts;
        int event = buf.get(headerLen) & 0xFF;
        char digit = event <= 9 ? (char) ('0' + event) : event == 10 ? '*' : event == 11 ? '#' : event <= 15 ? (char) ('A' + event - 12) : 0;
        if (digit == 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - digitWindowStart > 1_000_000_000L) {
            digitWindowStart = now;
            digitsInWindow = 0;
        }
        if (++digitsInWindow > engine.maxDigitsPerSecond) {
            engine.digitsDropped.increment();
            return; // a DTMF flood: ignored beyond the rate a person can key
        }
        engine.digits.increment();
        Consumer<Character> listener = onDigit;
        if (listener != null) {
            listener.accept(digit);
        }
    }

    /**
     * Forwards a received packet to this party (from this party's own port). When the payload type differs (the
     * other G.711 law, or another telephone-event number) a plain 12-byte header is rebuilt and audio re-encoded.
     */
    private void send(ByteBuffer packet, int ptIn, int want, int headerLen, int payloadLen) {
        InetSocketAddress to = target();
        if (to == null || !sending || closed) {
            return;
        }
        ByteBuffer b = packet.duplicate();
        if (want != ptIn) {
            ByteBuffer copy = ByteBuffer.allocate(12 + payloadLen);
            copy.put((byte) 0x80).put((byte) ((packet.get(1) & 0x80) | want)).putShort(packet.getShort(2))
                .putInt(packet.getInt(4)).putInt(packet.getInt(8));
            for (int i = 0; i < payloadLen; i++) {
                byte v = packet.get(headerLen + i);
                copy.put(G711.supported(ptIn) && G711.supported(want) ? G711.encode(want, G711.decode(ptIn, v)) : v);
            }
            copy.flip();
            b = copy;
        }
        try {
            if (channel.send(b, to) > 0) {
                engine.packetsOut.increment();
            }
        } catch (IOException e) {
            engine.packetsDropped.increment();
        }
    }

    // ------------------------------------------------------------------ media clock thread

    /** The next 20 ms of what this party said, or null when nothing was received (silence). */
    short[] pull() {
        synchronized (ring) {
            if (!primed) {
                if (size < PREFILL) {
                    return null;
                }
                primed = true;
            }
            if (size == 0) {
                primed = false;
                return null;
            }
            short[] frame = new short[160];
            int n = Math.min(160, size);
            for (int i = 0; i < n; i++) {
                frame[i] = ring[(head + i) % BUFFER];
            }
            head = (head + n) % BUFFER;
            size -= n;
            if (size == 0) {
                primed = false;
            }
            return frame;
        }
    }

    void clearBuffer() {
        synchronized (ring) {
            head = 0;
            size = 0;
            primed = false;
        }
    }

    /** Sends 20 ms of generated audio (a prompt, music or a mix) as this endpoint's own RTP stream. */
    void sendFrame(short[] samples) {
        InetSocketAddress to = target();
        int law = pt;
        if (to == null || !sending || closed || law < 0) {
            return;
        }
        out.clear();
        out.put((byte) 0x80).put((byte) law).putShort((short) seq).putInt(timestamp).putInt(ssrc);
        for (int i = 0; i < 160; i++) {
            out.put(G711.encode(law, samples == null ? 0 : samples[i]));
        }
        out.flip();
        seq = (seq + 1) & 0xFFFF;
        timestamp += 160;
        try {
            if (channel.send(out, to) > 0) {
                engine.packetsOut.increment();
            }
        } catch (IOException e) {
            engine.packetsDropped.increment();
        }
    }

    /** Keeps the generated stream's clock running while this endpoint is silent (no packets sent). */
    void skipFrame() {
        timestamp += 160;
    }

    @Override
    public String toString() {
        return label + "@" + port;
    }
}
