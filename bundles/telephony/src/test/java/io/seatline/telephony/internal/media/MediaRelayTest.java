package io.seatline.telephony.internal.media;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The relay with real UDP sockets on 127.0.0.1 (no SIP): two parties that hear each other, a stranger, malformed
 * packets and a DTMF flood.
 */
public class MediaRelayTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private MediaEngine engine;
    private DatagramSocket customer;
    private DatagramSocket agent;
    private DatagramSocket stranger;
    private MediaLeg c;
    private MediaLeg a;
    private final List<Character> digits = new CopyOnWriteArrayList<>();

    @Before
    public void twoPartiesHearEachOther() throws Exception {
        engine = new MediaEngine("127.0.0.1", "127.0.0.1", 41000, 41999, 1, 10);
        customer = socket();
        agent = socket();
        stranger = new DatagramSocket(0, InetAddress.getByName("127.0.0.2")); // another host (Linux routes all of 127/8 to lo)
        stranger.setSoTimeout(3000);
        c = engine.allocate("customer");
        a = engine.allocate("agent");
        assertTrue(c.remote(sdp(customer.getLocalPort())));
        assertTrue(a.remote(sdp(agent.getLocalPort())));
        c.onDigit(digits::add);
        MediaSession s = engine.session("call-1");
        s.add(c);
        s.add(a);
        s.apply(Map.of(c, List.of(a), a, List.of(c)));
    }

    @After
    public void close() {
        engine.close();
        customer.close();
        agent.close();
        stranger.close();
    }

    @Test
    public void packetsFromAStrangerOrMalformedAreNotRelayedAndTheSourceLatches() throws Exception {
        send(customer, c, rtp(8, 1, 160, (byte) 0x55));
        byte[] got = receive(agent);
        assertEquals(12 + 160, got.length);
        assertEquals(8, got[1] & 0x7F);

        // another host sends to the customer's port: dropped, counted, the agent hears nothing
        for (int i = 0; i < 20; i++) {
            send(stranger, c, rtp(8, 100 + i, 160, (byte) 0x11));
        }
        // the customer's own socket sends garbage: not RTP version 2, too short
        send(customer, c, "hello, not RTP at all".getBytes(StandardCharsets.US_ASCII));
        send(customer, c, new byte[] {(byte) 0x80, 8, 0});
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.packetsForeign.sum() == 20 && engine.packetsMalformed.sum() == 2);
        // the next genuine packet is the first the agent gets after the first one
        send(customer, c, rtp(8, 2, 160, (byte) 0x55));
        got = receive(agent);
        assertEquals(2, ByteBuffer.wrap(got).getShort(2));
        assertNull("nothing else reached the agent", receiveOrNull(agent, 300));

        // the latched port: the same IP from another port is a stranger too
        DatagramSocket samehost = socket();
        send(samehost, c, rtp(8, 3, 160, (byte) 0x55));
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.packetsForeign.sum() == 21);
        samehost.close();
    }

    @Test
    public void aPartyBehindNatIsHeardAndHearsWithSymmetricRtpAndNotInStrictMode() throws Exception {
        // the agent's phone is behind NAT: its SDP names one port, its RTP comes from another (the NAT's mapping),
        // and only what is sent back to that mapping reaches it
        DatagramSocket natted = socket();
        // strict: audio goes to the SDP's port, so the phone hears nothing
        send(natted, a, rtp(8, 1, 160, (byte) 0x22));
        assertEquals(1, ByteBuffer.wrap(receive(customer)).getShort(2)); // the customer hears it (same host as the SDP)
        send(customer, c, rtp(8, 1, 160, (byte) 0x55));
        assertEquals(1, ByteBuffer.wrap(receive(agent)).getShort(2)); // sent to the SDP's (dead) port
        assertNull(receiveOrNull(natted, 300));

        // symmetric RTP: the first packet from the signalling address latches, and audio goes back to the mapping
        MediaLeg n = engine.allocate("natted-agent");
        String privateSdp = "v=0\r\no=x 1 1 IN IP4 192.168.1.10\r\ns=-\r\nc=IN IP4 192.168.1.10\r\nt=0 0\r\nm=audio 4000"
            + " RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n";
        assertTrue(n.remote(SdpInfo.parse(privateSdp.getBytes(StandardCharsets.US_ASCII))));
        n.symmetric(true, "127.0.0.1");
        MediaSession s = engine.session("call-2");
        s.add(c);
        s.add(n);
        s.apply(Map.of(c, List.of(n), n, List.of(c)));
        // from the signalling address (not the SDP's), a stream latches after three packets in a row: the third is heard
        send(natted, n, rtp(8, 5, 160, (byte) 0x22));
        send(natted, n, rtp(8, 6, 160, (byte) 0x22));
        send(natted, n, rtp(8, 7, 160, (byte) 0x22));
        assertEquals(7, ByteBuffer.wrap(receive(customer)).getShort(2));
        send(customer, c, rtp(8, 8, 160, (byte) 0x55));
        assertEquals(8, ByteBuffer.wrap(receive(natted)).getShort(2));
        // once latched, another port of the same host and another host are strangers (no media hijack)
        long foreign = engine.packetsForeign.sum();
        DatagramSocket other = socket();
        send(other, n, rtp(8, 9, 160, (byte) 0x33));
        send(stranger, n, rtp(8, 10, 160, (byte) 0x33));
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.packetsForeign.sum() == foreign + 2);
        assertNull(receiveOrNull(customer, 300));
        other.close();
        natted.close();
    }

    @Test
    public void aDtmfFloodIsDetectedOnlyUpToTheRateAPersonCanKey() throws Exception {
        // 40 distinct key presses (RFC 4733, each a new event timestamp) within a fraction of a second
        for (int i = 0; i < 40; i++) {
            byte[] ev = rtp(101, i, 4, (byte) 0);
            ByteBuffer.wrap(ev).putInt(4, 8000 + i * 800).put(12, (byte) (i % 10)).put(13, (byte) 0x0A).putShort(14, (short) 800);
            send(customer, c, ev);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.digits.sum() + engine.digitsDropped.sum() == 40);
        assertEquals(10, engine.digits.sum());
        assertEquals(30, engine.digitsDropped.sum());
        assertEquals(10, digits.size());
        assertEquals(List.of('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), digits);
    }

    @Test
    public void releasedPortsAreFreeAgain() throws Exception {
        assertEquals(2, engine.openLegs());
        engine.release(c);
        engine.release(a);
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.openLegs() == 0);
        // the port can be bound by anyone now
        try (DatagramSocket again = new DatagramSocket(c.port, LOOPBACK)) {
            assertEquals(c.port, again.getLocalPort());
        }
    }

    private static SdpInfo sdp(int port) {
        String s = "v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + port
            + " RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n";
        return SdpInfo.parse(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static DatagramSocket socket() throws Exception {
        DatagramSocket s = new DatagramSocket(0, LOOPBACK);
        s.setSoTimeout(3000);
        return s;
    }

    private static byte[] rtp(int pt, int seq, int payload, byte fill) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload);
        b.put((byte) 0x80).put((byte) pt).putShort((short) seq).putInt(seq * 160).putInt(0x1234);
        while (b.hasRemaining()) {
            b.put(fill);
        }
        return b.array();
    }

    private static void send(DatagramSocket from, MediaLeg to, byte[] data) throws Exception {
        from.send(new DatagramPacket(data, data.length, LOOPBACK, to.port));
    }

    private static byte[] receive(DatagramSocket s) throws Exception {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return java.util.Arrays.copyOf(buf, p.getLength());
    }

    private static byte[] receiveOrNull(DatagramSocket s, int ms) throws Exception {
        s.setSoTimeout(ms);
        try {
            return receive(s);
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            s.setSoTimeout(3000);
        }
    }
}
