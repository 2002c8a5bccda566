package io.seatline.itests;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports the tests give to listeners they configure (HTTP, SSH, RMI, SIP, SMTP, a private MariaDB).
 *
 * <p>They come from 7000-11999: below Linux's ephemeral range (32768-60999), so the kernel never hands one to an
 * outgoing connection or an anonymous listener between our check and the bind. A port taken from the ephemeral range
 * (a {@code ServerSocket(0)} closed again) was twice given away meanwhile: a SIP listener failed with "Address already
 * in use", and a container's HTTP port went to an RMI object exported during boot, so Jetty never bound it and the
 * tests' requests reached RMI ("header parser received no bytes"). The range keeps away from the media ports too
 * (Seatline 20000-29999, SIPp 21000+, baresip 30000+, linphone 12000-19999). Each JVM starts at its own offset, a port
 * must be free for UDP and TCP (SIP listens on both), and none is handed out twice in one JVM: a trunk's peer keeps
 * its port after its SIPp stopped, and the registrar rightly refuses a phone whose Contact is a trunk's peer.
 */
final class Ports {
    private static final int FIRST = 7000;
    private static final int COUNT = 5000;
    private static final AtomicInteger NEXT = new AtomicInteger((int) (ProcessHandle.current().pid() % 250) * 20);
    private static final Set<Integer> ISSUED = ConcurrentHashMap.newKeySet();
    /**
     * Ports in the range that Chromium refuses to open (its "unsafe" ports: net::ERR_UNSAFE_PORT), so a console served
     * there could not be browsed: 10080 (amanda) is the one between 7000 and 11999.
     */
    private static final Set<Integer> BROWSER_UNSAFE = Set.of(10080);

    private Ports() {
    }

    /** A port free for UDP and TCP on loopback, never handed out before in this JVM. */
    static int free() {
        for (int i = 0; i < COUNT; i++) {
            int p = FIRST + Math.floorMod(NEXT.getAndIncrement(), COUNT);
            if (BROWSER_UNSAFE.contains(p) || !ISSUED.add(p)) {
                continue;
            }
            try (DatagramSocket d = new DatagramSocket(p, InetAddress.getLoopbackAddress());
                 ServerSocket t = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                return p;
            } catch (IOException e) {
                // taken: try the next
            }
        }
        throw new IllegalStateException("no free port in " + FIRST + "-" + (FIRST + COUNT - 1));
    }
}
