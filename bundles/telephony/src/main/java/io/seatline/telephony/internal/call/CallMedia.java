package io.seatline.telephony.internal.call;

import io.seatline.core.ConflictException;
import io.seatline.telephony.internal.Ids;
import io.seatline.telephony.internal.acd.QueueRuntime;
import io.seatline.telephony.internal.acd.TenantAcd;
import io.seatline.telephony.internal.media.MediaLeg;
import io.seatline.telephony.internal.media.MediaSession;
import io.seatline.telephony.internal.media.SdpInfo;
import io.seatline.telephony.internal.sip.Sdp;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sip.ServerTransaction;
import javax.sip.message.Response;

/**
 * The media of anchored calls: SDP offered to each party, who hears whom (talking, hold music, consultation), queue
 * announcements, recording with its policy and the silent-call watchdog, and the hand-over from the IVR to a queue.
 */
public final class CallMedia extends EnginePart {
    CallMedia(CallEngine engine) {
        super(engine);
    }

    /**
     * The SDP to send {@code leg} with {@code direction}: Seatline's own endpoint for it (anchored media), or
     * {@code partySdp} with that direction (media not anchored; an empty body stays empty: a delayed offer).
     */
    byte[] sdpFor(Leg leg, byte[] partySdp, String direction) {
        if (leg.media == null) {
            return partySdp == null || partySdp.length == 0 ? partySdp : Sdp.withDirection(partySdp, direction);
        }
        return leg.media.localSdp(PhoneRequests.pt(leg.call), direction);
    }

    void gotSdp(Leg leg, byte[] sdp) {
        leg.sdp = sdp;
        if (leg.media != null && sdp != null) {
            leg.media.remote(SdpInfo.parse(sdp));
        }
    }

    /** An originated call's callee answered with its offer: Seatline answers in the ACK, parked (inactive). SIP thread. */
    byte[] parkAnswer(Leg leg, byte[] offer) {
        if (leg.media == null) {
            return Sdp.withDirection(offer, "inactive");
        }
        leg.media.remote(SdpInfo.parse(offer));
        return leg.media.localSdp(-1, "inactive");
    }

    /** Seatline answers the caller itself (IVR, music while queued): media flows to Seatline from now on. */
    void answerSelf(Call call) {
        Leg customer = call.customer;
        if (customer.confirmed || customer.inviteServerTx == null) {
            return;
        }
        answerCustomer(customer, customer.media.localSdp(-1, "sendrecv"), Instant.now());
        call.selfAnswered = true;
    }

    /** Sends the caller's INVITE its 200 OK with {@code sdp}: the caller's leg is confirmed from now on. */
    void answerCustomer(Leg customer, byte[] sdp, Instant now) {
        ServerTransaction st = customer.inviteServerTx;
        sip.send(st, sip.answer(st.getRequest(), Response.OK, Long.toHexString(System.nanoTime()), sdp));
        customer.confirmed = true;
        customer.answeredAt = now;
        customer.result = "ANSWERED";
        customer.sipStatus = Response.OK;
        customer.dialog = st.getDialog();
        callsInSetup.decrementAndGet();
    }

    /**
     * Re-derives who hears whom from the call's state: the caller and its agent (plus conference parties and barging
     * supervisors) talk; a monitoring supervisor hears them, a whispering one is heard by the agent only; a caller
     * who waits hears the queue's music (or the default music on hold).
     */
    void syncMedia(Call call) {
        MediaSession m = call.media;
        if (m == null || call.ended() || call.customer.media == null || call.ivr != null) {
            return;
        }
        MediaLeg c = call.customer.media;
        Map<MediaLeg, java.util.List<MediaLeg>> topo = new java.util.IdentityHashMap<>();
        for (Leg l : call.legs) {
            if (l.media != null) {
                topo.put(l.media, new java.util.ArrayList<>());
            }
        }
        Leg peer = call.peer;
        boolean talking = peer != null && peer.media != null && peer.confirmed && !peer.ended() && call.state == CallState.TALKING;
        if (talking) {
            java.util.List<MediaLeg> room = new java.util.ArrayList<>(java.util.List.of(c, peer.media));
            for (Leg x : call.conference) {
                if (x.confirmed && !x.ended() && x.media != null) {
                    room.add(x.media);
                }
            }
            for (Leg s : call.supervisors.values()) {
                if (s.confirmed && !s.ended() && "BARGE".equals(s.mode)) {
                    room.add(s.media);
                }
            }
            for (MediaLeg x : room) {
                for (MediaLeg y : room) {
                    if (x != y) {
                        topo.get(x).add(y);
                    }
                }
            }
            for (Leg s : call.supervisors.values()) {
                if (!s.confirmed || s.ended() || s.media == null || "BARGE".equals(s.mode)) {
                    continue;
                }
                topo.get(s.media).addAll(room);
                if ("WHISPER".equals(s.mode)) {
                    topo.get(peer.media).add(s.media);
                }
            }
            stopMusic(call);
            m.apply(topo);
            if (call.recorder == null && call.recordingReason == null) {
                decideRecording(call);
            }
            return;
        }
        if (peer != null && peer.media != null && call.state == CallState.CONSULTING && call.consult != null && call.consult.confirmed
            && call.consult.media != null) {
            topo.get(peer.media).add(call.consult.media);
            topo.get(call.consult.media).add(peer.media);
        }
        m.apply(topo);
        if (call.customer.confirmed && (call.state == CallState.HELD || call.state == CallState.CONSULTING || musicWhileWaiting(call))) {
            startMusic(call);
        } else {
            stopMusic(call);
        }
    }

    boolean musicWhileWaiting(Call call) {
        QueueRuntime q = call.acd.queue(call.queue);
        return q != null && q.def.holdMusic() != null && call.peer == null;
    }

    void startMusic(Call call) {
        if (call.musicOn) {
            return;
        }
        QueueRuntime q = call.acd.queue(call.queue);
        String name = q != null && q.def.holdMusic() != null ? q.def.holdMusic() : "default";
        short[] music = store.audio(call.acd.tenantId, name);
        call.media.play(call.customer.media, new io.seatline.telephony.internal.media.Player(music, true, null));
        call.musicOn = true;
        scheduleAnnouncement(call);
    }

    void stopMusic(Call call) {
        if (call.musicOn) {
            call.musicOn = false;
            call.media.stopPlaying(call.customer.media);
        }
        if (call.announceTimer != null) {
            call.announceTimer.cancel(false);
            call.announceTimer = null;
        }
    }

    /** Every {@code announceSeconds} a waiting caller hears its position and the expected wait, then the music again. */
    void scheduleAnnouncement(Call call) {
        QueueRuntime q = call.acd.queue(call.queue);
        if (q == null || q.def.announceSeconds() <= 0 || call.state != CallState.QUEUED || call.announceTimer != null) {
            return;
        }
        call.announceTimer = timers.schedule(() -> call.acd.actor.execute(() -> {
            call.announceTimer = null;
            if (call.ended() || !call.musicOn || call.state != CallState.QUEUED) {
                return;
            }
            QueueRuntime qq = call.acd.queue(call.queue);
            int position = qq == null ? 1 : Math.max(1, qq.waiting.headSet(call).size() + 1);
            long answered = Math.max(1, qq == null ? 1 : qq.answered);
            int minutes = (int) Math.max(1, Math.min(10, position * 2L / Math.max(1, Math.min(answered, 3))));
            String t = call.acd.tenantId;
            short[] speech = concat(store.audio(t, "queue-position"), store.audio(t, Integer.toString(Math.min(position, 10))),
                store.audio(t, "queue-wait"), store.audio(t, Integer.toString(minutes)), store.audio(t, "minutes"));
            call.musicOn = false;
            call.media.play(call.customer.media, new io.seatline.telephony.internal.media.Player(speech, false,
                () -> call.acd.actor.execute(() -> {
                    if (!call.ended() && call.state == CallState.QUEUED) {
                        startMusic(call);
                    }
                })));
        }), q.def.announceSeconds(), TimeUnit.SECONDS);
    }

    static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) {
            n += p == null ? 0 : p.length;
        }
        short[] out = new short[n];
        int o = 0;
        for (short[] p : parts) {
            if (p != null) {
                System.arraycopy(p, 0, out, o, p.length);
                o += p.length;
            }
        }
        return out;
    }

    /** The tenant's policy decides, once per call, when the caller first talks to an agent. */
    void decideRecording(Call call) {
        io.seatline.telephony.RecordingPolicy p = store.policy(call.acd.tenantId);
        switch (p.mode()) {
            case "ALL" -> startRecording(call, "POLICY");
            case "SAMPLE" -> {
                if (java.util.concurrent.ThreadLocalRandom.current().nextInt(100) < p.samplePercent()) {
                    startRecording(call, "SAMPLE");
                } else {
                    call.recordingReason = "NOT_SAMPLED";
                }
            }
            default -> call.recordingReason = "OFF";
        }
    }

    void startRecording(Call call, String reason) {
        if (call.media == null || call.recorder != null) {
            return;
        }
        try {
            java.nio.file.Path path = store.newRecordingPath(call.acd.tenantId, call.id, "");
            boolean stereo = Boolean.TRUE.equals(store.policy(call.acd.tenantId).stereo());
            io.seatline.telephony.internal.media.WavRecorder r = new io.seatline.telephony.internal.media.WavRecorder(path, stereo ? 2 : 1);
            call.recorder = r;
            call.recordingReason = reason;
            call.recordingStarted = Instant.now();
            call.recordingId = Ids.next();
            String recordingId = call.recordingId;
            // a write that fails (disk full) stops this recording, not the call; the media thread hands over to the actor
            r.onFailure(() -> call.acd.actor.execute(() -> recordingFailed(call, r, recordingId)));
            call.media.record(r, call.customer.media, true);
            engine.journal.note(call);
            engine.publishEvent(call, "RECORDING_STARTED", Map.of("recording.id", call.recordingId));
        } catch (java.io.IOException e) {
            LOG.warn("Recording of call {} could not start: {}", call.id, e.toString());
            call.recordingStatus = String.valueOf(e.getMessage()).contains("No space left") ? "DISK_FULL" : "WRITE_FAILED";
            alert(call, call.recordingStatus, null);
        }
    }

    /** A recording's write failed: the recording stops (its part so far is kept), the call goes on, operators are told. */
    private void recordingFailed(Call call, io.seatline.telephony.internal.media.WavRecorder r, String recordingId) {
        LOG.warn("Recording {} of call {} stopped: {}; the call goes on", recordingId, call.id, r.failure());
        if (!call.ended() && call.recorder == r) {
            stopRecording(call);
        }
        alert(call, r.failure(), recordingId);
    }

    private void alert(Call call, String reason, String recordingId) {
        Map<String, Object> p = new java.util.HashMap<>();
        p.put("kind", "RECORDING_FAILED");
        p.put("reason", reason);
        p.put("call.id", call.id);
        if (recordingId != null) {
            p.put("recording.id", recordingId);
        }
        events.publish(call.acd.tenantId, io.seatline.telephony.TelephonyEvents.ALERT, p);
        Map<String, Object> e = new java.util.HashMap<>(p);
        e.remove("call.id");
        engine.publishEvent(call, "RECORDING_FAILED", e);
    }

    /** Stops the call's recording; returns its row (already persisted unless the call is ending) or null. */
    io.seatline.telephony.internal.entity.RecordingEntity stopRecording(Call call) {
        if (call.recorder == null || call.media == null) {
            return null;
        }
        io.seatline.telephony.internal.media.WavRecorder r = call.media.stopRecording();
        if (r == null) {
            r = call.recorder;
        }
        call.recorder = null;
        call.recordingStatus = r.failure() != null ? r.failure() : "COMPLETE";
        if (r.removed()) {
            // not one frame reached the disk (it was full from the start): there is no recording to list
            engine.publishEvent(call, "RECORDING_STOPPED", Map.of("recording.id", call.recordingId, "duration.ms", 0L, "status", call.recordingStatus));
            call.recordingId = null;
            return null;
        }
        io.seatline.telephony.internal.entity.RecordingEntity e = recordingRow(call, r, "CALL", call.recordingReason, null, call.recordingStarted);
        e.id = call.recordingId;
        if (!call.ended()) {
            writer.submit(em -> em.persist(e), null);
        }
        engine.publishEvent(call, "RECORDING_STOPPED", Map.of("recording.id", e.id, "duration.ms", e.durationMs));
        return call.ended() ? e : null;
    }

    public io.seatline.telephony.internal.entity.RecordingEntity recordingRow(Call call, io.seatline.telephony.internal.media.WavRecorder r,
                                                                      String kind, String reason, String mailbox, Instant started) {
        io.seatline.telephony.internal.entity.RecordingEntity e = new io.seatline.telephony.internal.entity.RecordingEntity();
        e.id = Ids.next();
        e.setTenantId(call.acd.tenantId);
        e.callId = call.id;
        e.kind = kind;
        e.reason = reason == null ? "ON_DEMAND" : reason;
        e.agentUserId = call.cdrAgentUserId;
        e.agentLogin = call.agentLogin;
        e.queueName = call.queue;
        e.fromParty = CallEngine.clip(call.from, 200);
        e.toParty = CallEngine.clip(call.to, 200);
        e.mailbox = mailbox;
        e.startedAt = started == null ? Instant.now() : started;
        e.durationMs = r.durationMs();
        try {
            e.sizeBytes = java.nio.file.Files.size(r.path());
        } catch (java.io.IOException ex) {
            e.sizeBytes = 0;
        }
        e.channels = r.channels();
        e.filePath = store.relative(r.path());
        e.expiresAt = store.expiry(call.acd.tenantId, e.startedAt);
        return e;
    }

    /** On-demand recording by an agent or supervisor. */
    public void record(Call call, boolean on) {
        if (call.media == null) {
            throw new ConflictException("no_media", "the media of this call is not anchored", null);
        }
        if (on) {
            if (call.peer == null || call.state != CallState.TALKING && call.state != CallState.HELD) {
                throw new ConflictException("invalid_call_state", "only a connected call can be recorded (call is " + call.state + ")", null);
            }
            if (call.recorder != null) {
                throw new ConflictException("already_recording", "the call is already being recorded", null);
            }
            startRecording(call, "ON_DEMAND");
        } else {
            if (call.recorder == null) {
                throw new ConflictException("not_recording", "the call is not being recorded", null);
            }
            stopRecording(call);
        }
    }

    /**
     * Ends the calls of {@code acd} whose parties have all been silent (no RTP) for longer than {@code timeoutNanos}:
     * a phone or carrier that went away without a BYE must not hold an agent and media ports for ever.
     */
    public void endSilentCalls(TenantAcd acd, long timeoutNanos) {
        for (Call call : java.util.List.copyOf(acd.calls.values())) {
            if (call.ended() || call.media == null || call.customer == null || !call.customer.confirmed
                || !java.util.EnumSet.of(CallState.TALKING, CallState.QUEUED, CallState.RINGING, CallState.SURVEY).contains(call.state)) {
                continue; // held, consulting, being transferred or originated: a quiet party may be quiet on purpose
            }
            // only parties that say they send count; every one of them silent, and at least one
            boolean anyExpected = false;
            boolean silent = true;
            for (Leg l : call.legs) {
                if (l.media != null && !l.ended() && l.confirmed && l.media.expectsMedia()) {
                    anyExpected = true;
                    silent &= l.media.silentFor(timeoutNanos);
                }
            }
            if (anyExpected && silent) {
                LOG.info("call {} of {}: no RTP from any party for {} s, ended", call.id, acd.tenantId, timeoutNanos / 1_000_000_000L);
                engine.ending.endCall(call, CallFlow.goneDisposition(call), "rtp_timeout", 0);
            }
        }
    }

    /** The caller leaves the IVR for a queue. */
    public void ivrToQueue(Call call, String queueName) {
        call.ivr = null;
        QueueRuntime q = call.acd.queue(queueName);
        if (q == null) {
            engine.ending.endCall(call, "FAILED", "ivr_unknown_queue", 0);
            return;
        }
        q.on(call.acd.today()).offered++;
        engine.flow.scheduleMaxWait(call, q);
        call.acd.enqueue(call, q, false);
        if (call.state == CallState.QUEUED) {
            engine.publishCall(call, "QUEUED", Map.of("from", "ivr"));
        } else {
            syncMedia(call);
        }
    }
}
