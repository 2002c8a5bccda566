package io.seatline.telephony.internal.media;

import io.seatline.core.UnavailableException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seatline's RTP relay: a pool of UDP ports, a few selector threads that receive and forward packets without
 * blocking, and a 20 ms media clock that mixes, plays prompts and writes recordings for the sessions that need it.
 */
public final class MediaEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaEngine.class);

    final String bind;
    final String advertised;
    final int maxDigitsPerSecond;
    private final ArrayDeque<Integer> freePorts = new ArrayDeque<>();
    private final Loop[] loops;
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final Set<MediaSession> ticking = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService clock;
    private volatile boolean running = true;

    public final LongAdder packetsIn = new LongAdder();
    public final LongAdder packetsOut = new LongAdder();
    public final LongAdder packetsForeign = new LongAdder();
    public final LongAdder packetsMalformed = new LongAdder();
    public final LongAdder packetsDropped = new LongAdder();
    public final LongAdder digits = new LongAdder();
    public final LongAdder digitsDropped = new LongAdder();
    /** 20 ms frames written to recordings (50 per second per recorded call when the clock keeps pace) */
    public final LongAdder framesRecorded = new LongAdder();
    /** recordings open now */
    public final AtomicInteger recordings = new AtomicInteger();
    public final LongAdder ticksLate = new LongAdder();

    public MediaEngine(String bind, String advertised, int portMin, int portMax, int threads, int maxDigitsPerSecond) throws IOException {
        if (portMin < 1024 || portMax > 65534 || portMax - portMin < 2) {
            throw new IllegalArgumentException("media port range " + portMin + "-" + portMax + " is not valid");
        }
        this.bind = bind;
        this.advertised = advertised;
        this.maxDigitsPerSecond = maxDigitsPerSecond;
        java.util.List<Integer> ports = new java.util.ArrayList<>();
        for (int p = portMin + (portMin & 1); p <= portMax; p += 2) {
            ports.add(p);
        }
        // in no predictable order: a port guessed from a neighbour's is not the next call's
        java.util.Collections.shuffle(ports, new java.security.SecureRandom());
        freePorts.addAll(ports);
        loops = new Loop[Math.max(1, threads)];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new Loop(i);
            loops[i].thread.start();
        }
        clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "seatline-media-clock");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
        clock.scheduleAtFixedRate(this::tick, 20, 20, TimeUnit.MILLISECONDS);
    }

    /** A new endpoint on a free port of the range; 503 when the range is used up. */
    public MediaLeg allocate(String label) {
        if (!running) {
            throw new UnavailableException("media_stopped", "the media relay is stopped");
        }
        int tries;
        synchronized (freePorts) {
            tries = freePorts.size();
        }
        for (int i = 0; i < tries; i++) {
            Integer port;
            synchronized (freePorts) {
                port = freePorts.poll();
            }
            if (port == null) {
                break;
            }
            DatagramChannel ch = null;
            try {
                ch = DatagramChannel.open();
                ch.setOption(StandardSocketOptions.SO_RCVBUF, 256 * 1024);
                ch.bind(new InetSocketAddress(bind, port));
                ch.configureBlocking(false);
                Loop loop = loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
                MediaLeg leg = new MediaLeg(this, loop, ch, port, label);
                loop.register(leg);
                open.incrementAndGet();
                return leg;
            } catch (IOException e) {
                // taken by another process: try the next one, this one goes to the back
                if (ch != null) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // closing a socket that did not bind
                    }
                }
                synchronized (freePorts) {
                    freePorts.add(port);
                }
            }
        }
        throw new UnavailableException("no_media_port", "no free media port in the configured range");
    }

    /** Closes the endpoint; its port goes to the back of the pool (late packets of this call cannot reach the next). */
    public void release(MediaLeg leg) {
        if (leg == null || leg.closed) {
            return;
        }
        leg.closed = true;
        leg.onDigit = null;
        leg.loop.unregister(leg);
    }

    public MediaSession session(String callId) {
        return new MediaSession(this, callId);
    }

    /** Endpoints open now (ports in use). */
    public int openLegs() {
        return open.get();
    }

    public int sessionsTicking() {
        return ticking.size();
    }

    void ticking(MediaSession s, boolean on) {
        if (on) {
            ticking.add(s);
        } else {
            ticking.remove(s);
        }
    }

    private long lastTick;

    private void tick() {
        long now = System.nanoTime();
        if (lastTick != 0 && now - lastTick > 30_000_000L) {
            ticksLate.increment();
        }
        lastTick = now;
        for (MediaSession s : ticking) {
            try {
                s.tick();
            } catch (RuntimeException e) {
                LOG.warn("media tick of call {} failed: {}", s.callId, e.toString(), e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        clock.shutdownNow();
        for (Loop l : loops) {
            l.stop();
        }
    }

    /** One selector thread serving a share of the endpoints. */
    final class Loop implements Runnable {
        final Thread thread;
        private final Selector selector;
        private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
        private final ByteBuffer buf = ByteBuffer.allocateDirect(2048);

        Loop(int i) throws IOException {
            selector = Selector.open();
            thread = new Thread(this, "seatline-media-" + i);
            thread.setDaemon(true);
            thread.setPriority(Thread.MAX_PRIORITY);
        }

        void register(MediaLeg leg) {
            pending.add(() -> {
                try {
                    leg.channel.register(selector, SelectionKey.OP_READ, leg);
                } catch (IOException e) {
                    LOG.warn("cannot register media port {}: {}", leg.port, e.toString());
                }
            });
            selector.wakeup();
        }

        void unregister(MediaLeg leg) {
            pending.add(() -> {
                SelectionKey key = leg.channel.keyFor(selector);
                if (key != null) {
                    key.cancel();
                }
                try {
                    selector.selectNow(); // completes the deregistration so close() frees the socket now
                } catch (IOException ignored) {
                    // the selector is closing
                }
                try {
                    leg.channel.close();
                } catch (IOException e) {
                    LOG.debug("closing media port {}: {}", leg.port, e.toString());
                }
                open.decrementAndGet();
                synchronized (freePorts) {
                    freePorts.add(leg.port);
                }
            });
            selector.wakeup();
        }

        @Override
        public void run() {
            while (running) {
                try {
                    selector.select(100);
                    Runnable r;
                    while ((r = pending.poll()) != null) {
                        r.run();
                    }
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey key = it.next();
                        it.remove();
                        if (!key.isValid()) {
                            continue;
                        }
                        MediaLeg leg = (MediaLeg) key.attachment();
                        for (int i = 0; i < 32; i++) {
                            buf.clear();
                            SocketAddress src = leg.channel.receive(buf);
                            if (src == null) {
                                break;
                            }
                            buf.flip();
                            leg.receive(buf, (InetSocketAddress) src);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    if (running) {
                        LOG.warn("media loop error: {}", e.toString());
                    }
                }
            }
            Runnable r;
            while ((r = pending.poll()) != null) {
                r.run();
            }
            for (SelectionKey key : selector.keys()) {
                try {
                    key.channel().close();
                } catch (IOException ignored) {
                    // stopping
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // stopping
            }
        }

        void stop() {
            selector.wakeup();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
