package io.seatline.telephony.internal.media;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media of one call: its endpoints, who hears whom, what is played to whom, and its recording. A party that
 * hears exactly one other party and nothing else gets that party's packets forwarded as they arrive (no added
 * delay, no transcoding unless the laws differ); every other party (a monitor, whisper, barge or conference, a
 * prompt) gets a mix made on the 20 ms media clock.
 */
public final class MediaSession {
    private static final Logger LOG = LoggerFactory.getLogger(MediaSession.class);

    private final MediaEngine engine;
    final String callId;
    private final List<MediaLeg> legs = new ArrayList<>();
    private final Map<MediaLeg, Set<MediaLeg>> hears = new IdentityHashMap<>();
    private final Map<MediaLeg, Player> players = new IdentityHashMap<>();
    private final Map<MediaLeg, MediaLeg> directFrom = new IdentityHashMap<>();
    private WavRecorder recorder;
    private MediaLeg recordedCustomer;
    private boolean recordOthers;
    private boolean closed;

    MediaSession(MediaEngine engine, String callId) {
        this.engine = engine;
        this.callId = callId;
    }

    public synchronized void add(MediaLeg leg) {
        if (closed) {
            engine.release(leg);
            return;
        }
        if (!legs.contains(leg)) {
            legs.add(leg);
            leg.session = this;
            hears.put(leg, new LinkedHashSet<>());
        }
        recompute();
    }

    /** The party left: its endpoint is closed and nobody hears it any more. */
    public synchronized void remove(MediaLeg leg) {
        if (detach(leg)) {
            engine.release(leg);
        }
    }

    /**
     * The party leaves this session, its endpoint stays open (it moves to another call: an attended transfer by the
     * phone); false if it was not in the session.
     */
    public synchronized boolean detach(MediaLeg leg) {
        if (leg == null || !legs.remove(leg)) {
            return false;
        }
        hears.remove(leg);
        players.remove(leg);
        hears.values().forEach(s -> s.remove(leg));
        leg.session = null;
        recompute();
        return true;
    }

    public synchronized void hears(MediaLeg listener, Collection<MediaLeg> sources) {
        apply(Map.of(listener, sources));
    }

    /** Sets what several parties hear in one step (one recomputation of the forwarding). */
    public synchronized void apply(Map<MediaLeg, ? extends Collection<MediaLeg>> topology) {
        for (Map.Entry<MediaLeg, ? extends Collection<MediaLeg>> e : topology.entrySet()) {
            Set<MediaLeg> h = hears.get(e.getKey());
            if (h == null) {
                continue;
            }
            h.clear();
            for (MediaLeg s : e.getValue()) {
                if (s != null && s != e.getKey() && legs.contains(s)) {
                    h.add(s);
                }
            }
        }
        recompute();
    }

    /** Plays to {@code leg} instead of what it hears, until the player ends (then what it hears again). */
    public synchronized void play(MediaLeg leg, Player player) {
        if (!legs.contains(leg)) {
            return;
        }
        if (player == null) {
            players.remove(leg);
        } else {
            players.put(leg, player);
        }
        recompute();
    }

    public synchronized void stopPlaying(MediaLeg leg) {
        play(leg, null);
    }

    /** Starts recording: {@code customer} (left, or alone when {@code others} is false), everyone else mixed right. */
    public synchronized void record(WavRecorder r, MediaLeg customer, boolean others) {
        stopRecording();
        if (closed) {
            try {
                r.close(); // the call ended meanwhile: no file is left open
            } catch (IOException e) {
                LOG.warn("closing recording {} failed: {}", r.path(), e.toString());
            }
            return;
        }
        recorder = r;
        engine.recordings.incrementAndGet();
        recordedCustomer = customer;
        recordOthers = others;
        recompute();
    }

    public synchronized boolean recording() {
        return recorder != null;
    }

    /** Stops recording and closes the file; returns the recorder (for its path and duration) or null. */
    public synchronized WavRecorder stopRecording() {
        WavRecorder r = recorder;
        recorder = null;
        recordedCustomer = null;
        if (r != null) {
            engine.recordings.decrementAndGet();
            try {
                r.close();
            } catch (IOException e) {
                LOG.warn("closing recording {} failed: {}", r.path(), e.toString());
            }
            recompute();
        }
        return r;
    }

    /** Ends the call's media: the recording is closed and every endpoint released. Returns the recorder, if any. */
    public synchronized WavRecorder close() {
        WavRecorder r = stopRecording();
        closed = true;
        for (MediaLeg l : legs) {
            engine.release(l);
        }
        legs.clear();
        hears.clear();
        players.clear();
        directFrom.clear();
        engine.ticking(this, false);
        return r;
    }

    private void recompute() {
        directFrom.clear();
        for (MediaLeg y : legs) {
            Set<MediaLeg> h = hears.get(y);
            if (!players.containsKey(y) && h.size() == 1) {
                directFrom.put(y, h.iterator().next());
            }
        }
        boolean tick = recorder != null || !players.isEmpty();
        for (MediaLeg x : legs) {
            List<MediaLeg> fwd = new ArrayList<>();
            boolean collect = recorder != null && (x == recordedCustomer || recordOthers);
            for (MediaLeg y : legs) {
                if (directFrom.get(y) == x) {
                    fwd.add(y);
                } else if (hears.get(y).contains(x)) {
                    collect = true;
                }
            }
            x.forwardTo = fwd.toArray(new MediaLeg[0]);
            if (x.collect && !collect) {
                x.clearBuffer();
            }
            x.collect = collect;
            tick |= collect;
        }
        engine.ticking(this, tick && !closed);
    }

    synchronized void tick() {
        if (closed) {
            return;
        }
        Map<MediaLeg, short[]> frames = new HashMap<>();
        for (MediaLeg l : legs) {
            if (l.collect) {
                short[] f = l.pull();
                if (f != null) {
                    frames.put(l, f);
                }
            }
        }
        if (recorder != null) {
            short[] left = frames.get(recordedCustomer);
            short[] right = null;
            if (recordOthers) {
                List<MediaLeg> others = new ArrayList<>(legs);
                others.remove(recordedCustomer);
                right = mix(frames, others);
            }
            try {
                recorder.write(left, right);
                engine.framesRecorded.increment();
            } catch (IOException e) {
                LOG.warn("recording of call {} failed: {}", callId, e.toString());
                stopRecording();
            }
        }
        boolean playersEnded = false;
        for (MediaLeg y : legs) {
            if (directFrom.containsKey(y)) {
                continue;
            }
            Player p = players.get(y);
            short[] out = null;
            if (p != null) {
                out = p.next();
                if (out == null) {
                    players.remove(y);
                    playersEnded = true;
                } else {
                    y.sendFrame(out);
                    continue;
                }
            }
            Set<MediaLeg> h = hears.get(y);
            if (h == null || h.isEmpty()) {
                y.skipFrame();
                continue;
            }
            y.sendFrame(mix(frames, h));
        }
        if (playersEnded) {
            recompute();
        }
    }

    private static short[] mix(Map<MediaLeg, short[]> frames, Collection<MediaLeg> sources) {
        short[] single = null;
        int[] acc = null;
        for (MediaLeg s : sources) {
            short[] f = frames.get(s);
            if (f == null) {
                continue;
            }
            if (single == null && acc == null) {
                single = f;
                continue;
            }
            if (acc == null) {
                acc = new int[160];
                for (int i = 0; i < 160; i++) {
                    acc[i] = single[i];
                }
            }
            for (int i = 0; i < 160; i++) {
                acc[i] += f[i];
            }
        }
        if (acc == null) {
            return single;
        }
        short[] out = new short[160];
        for (int i = 0; i < 160; i++) {
            out[i] = (short) Math.max(-32768, Math.min(32767, acc[i]));
        }
        return out;
    }
}
