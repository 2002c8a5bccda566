package io.seatline.telephony.internal.ivr;

import io.seatline.telephony.IvrMenu;
import io.seatline.telephony.IvrNode;
import io.seatline.telephony.internal.acd.QueueRuntime;
import io.seatline.telephony.internal.call.Call;
import io.seatline.telephony.internal.call.CallEngine;
import io.seatline.telephony.internal.call.CallState;
import io.seatline.telephony.internal.entity.RecordingEntity;
import io.seatline.telephony.internal.media.MediaStore;
import io.seatline.telephony.internal.media.Player;
import io.seatline.telephony.internal.media.WavRecorder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a caller through a tenant's IVR menu: prompts (interrupted by a key), menus and digit collection with
 * retries and fallback, branches on collected data, day/night service by the tenant's calendar, gotos, queues,
 * voicemail and hang-up. The post-call survey is a built-in menu of the same kind. Runs on the tenant's actor.
 */
public final class IvrRunner {
    static final String SURVEY = "__survey";
    private static final Logger LOG = LoggerFactory.getLogger(IvrRunner.class);
    private static final int MAX_STEPS = 200;
    private static final IvrMenu SURVEY_MENU;

    static {
        Map<String, IvrNode> n = new LinkedHashMap<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i <= 5; i++) {
            options.put(Integer.toString(i), "score" + i);
            n.put("score" + i, node("hangup", "survey-thanks"));
        }
        // asked once: a caller who does not answer within 5 s is recorded as no-response, not kept on the line
        n.put("ask", new IvrNode("menu", "survey", null, options, 5, 0, "invalid", "none", null, null, null, null, null, null, null, null,
            null, null, null));
        n.put("none", node("hangup", "goodbye"));
        SURVEY_MENU = new IvrMenu(SURVEY, "ask", n, null);
    }

    private final CallEngine engine;
    private final MediaStore store;
    private final ScheduledExecutorService timers;

    public IvrRunner(CallEngine engine, MediaStore store, ScheduledExecutorService timers) {
        this.engine = engine;
        this.store = store;
        this.timers = timers;
    }

    private static IvrNode node(String type, String prompt) {
        return new IvrNode(type, prompt, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public void start(Call call, String menuName) {
        IvrMenu m = store.menu(call.acd.tenantId, menuName);
        if (m == null) {
            engine.ending.endCall(call, "FAILED", "ivr_missing", 0);
            return;
        }
        IvrRun run = new IvrRun();
        run.menu = m;
        call.ivr = run;
        call.media.hears(call.customer.media, java.util.List.of());
        enter(call, m.start());
    }

    public boolean surveyWanted(Call call) {
        QueueRuntime q = call.acd.queue(call.queue);
        return q != null && q.def.survey() && call.media != null && call.customer.confirmed && call.csatStatus == null
            && call.conference.isEmpty();
    }

    /** After the agent hung up: "rate us 1-5". */
    public void survey(Call call) {
        call.csatStatus = "NO_RESPONSE"; // until a key says otherwise
        IvrRun run = new IvrRun();
        run.menu = SURVEY_MENU;
        call.ivr = run;
        call.musicOn = false;
        call.state = CallState.SURVEY;
        call.media.hears(call.customer.media, java.util.List.of());
        engine.publishEvent(call, "SURVEY", Map.of());
        enter(call, SURVEY_MENU.start());
    }

    /** Plays {@code prompt} to the caller alone (no music, nobody else heard), then runs {@code then} on the actor. */
    public void playThen(Call call, String prompt, Runnable then) {
        if (call.ended()) {
            return;
        }
        IvrRun run = new IvrRun();
        call.ivr = run;
        call.musicOn = false;
        call.media.hears(call.customer.media, java.util.List.of());
        play(call, prompt, then);
    }

    public void cancel(Call call) {
        IvrRun run = call.ivr;
        if (run == null) {
            return;
        }
        run.token++;
        if (run.timer != null) {
            run.timer.cancel(false);
        }
        if (run.voicemail != null) {
            finishVoicemail(call, run);
        }
    }

    private void enter(Call call, String nodeName) {
        IvrRun run = call.ivr;
        if (run == null || call.ended()) {
            return;
        }
        IvrNode n = run.menu.nodes().get(nodeName);
        if (n == null || ++run.steps > MAX_STEPS) {
            engine.ending.endCall(call, "IVR", n == null ? "ivr_dangling" : "ivr_loop", 0);
            return;
        }
        run.token++;
        run.nodeName = nodeName;
        run.node = n;
        run.awaitingInput = false;
        run.digits.setLength(0);
        if (run.timer != null) {
            run.timer.cancel(false);
        }
        if (!SURVEY.equals(run.menu.name())) {
            if (call.ivrPath.length() > 0) {
                call.ivrPath.append('>');
            }
            if (call.ivrPath.length() < 380) {
                call.ivrPath.append(run.menu.name()).append(':').append(nodeName);
            }
        } else if (nodeName.startsWith("score")) {
            call.csatScore = Integer.parseInt(nodeName.substring(5));
            call.csatStatus = "SCORED";
            engine.publishEvent(call, "SURVEY_SCORED", Map.of("score", call.csatScore, "user.id",
                call.cdrAgentUserId == null ? "" : call.cdrAgentUserId));
        }
        String tenant = call.acd.tenantId;
        switch (n.type()) {
            case "play" -> play(call, n.prompt(), () -> enter(call, n.next()));
            case "menu", "collect" -> {
                run.attempts = 0;
                ask(call, run);
            }
            case "branch" -> {
                String v = call.data.get(n.variable());
                String target = n.otherwise();
                if (v != null && n.cases() != null) {
                    for (Map.Entry<String, String> c : n.cases().entrySet()) {
                        if (c.getKey().equals(v) || v.matches(c.getKey())) {
                            target = c.getValue();
                            break;
                        }
                    }
                }
                enter(call, target);
            }
            case "hours" -> enter(call, store.open(tenant) ? n.open() : n.closed());
            case "goto" -> {
                IvrMenu other = store.menu(tenant, n.menu());
                if (other == null) {
                    engine.ending.endCall(call, "IVR", "ivr_dangling", 0);
                    return;
                }
                run.menu = other;
                enter(call, other.start());
            }
            case "queue" -> play(call, n.prompt(), () -> toQueue(call, n.queue()));
            case "voicemail" -> play(call, n.prompt() == null ? "voicemail" : n.prompt(), () -> play(call, "beep", () -> startVoicemail(call, n)));
            case "hangup" -> play(call, n.prompt(), () -> end(call, run, "ivr_hangup"));
            default -> engine.ending.endCall(call, "IVR", "ivr_bad_node", 0);
        }
    }

    /** The IVR hangs up: a survey ends an answered call, any other menu a call handled by the IVR alone. */
    private void end(Call call, IvrRun run, String cause) {
        boolean survey = SURVEY.equals(run.menu.name());
        engine.ending.endCall(call, survey ? "ANSWERED" : "IVR", survey ? "survey_end" : cause, 0);
    }

    private void toQueue(Call call, String queue) {
        call.ivr = null;
        engine.callMedia.ivrToQueue(call, queue);
    }

    /** Plays the node's prompt (a key interrupts it), then waits for input. */
    private void ask(Call call, IvrRun run) {
        IvrNode n = run.node;
        run.awaitingInput = true;
        int token = run.token;
        Runnable thenWait = () -> {
            if (run.token == token) {
                startTimeout(call, run);
            }
        };
        Runnable prompt = () -> play(call, n.prompt(), thenWait);
        if (run.attempts > 0 && n.invalidPrompt() != null) {
            play(call, n.invalidPrompt(), prompt);
        } else {
            prompt.run();
        }
    }

    private void startTimeout(Call call, IvrRun run) {
        int token = run.token;
        int seconds = run.node.timeoutSeconds() == null ? 5 : run.node.timeoutSeconds();
        run.timer = timers.schedule(() -> call.acd.actor.execute(() -> {
            if (call.ivr == run && run.token == token) {
                inputDone(call, run);
            }
        }), seconds, TimeUnit.SECONDS);
    }

    /** A key from the caller (RFC 4733), on the actor. */
    public void digit(Call call, char d) {
        IvrRun run = call.ivr;
        if (run == null || call.ended()) {
            return;
        }
        if (run.voicemail != null) {
            if (d == '#') {
                finishVoicemail(call, run);
                engine.ending.endCall(call, "VOICEMAIL", "voicemail_done", 0);
            }
            return;
        }
        if (!run.awaitingInput) {
            return;
        }
        IvrNode n = run.node;
        call.media.stopPlaying(call.customer.media); // a key interrupts the prompt
        run.token++;
        if (run.timer != null) {
            run.timer.cancel(false);
        }
        if ("menu".equals(n.type())) {
            run.digits.setLength(0);
            run.digits.append(d);
            inputDone(call, run);
            return;
        }
        String term = n.terminator() == null ? "#" : n.terminator();
        if (term.indexOf(d) >= 0) {
            inputDone(call, run);
            return;
        }
        if (run.digits.length() < 64) {
            run.digits.append(d);
        }
        int max = n.maxDigits() == null ? 16 : n.maxDigits();
        if (run.digits.length() >= max) {
            inputDone(call, run);
        } else {
            startTimeout(call, run);
        }
    }

    private void inputDone(Call call, IvrRun run) {
        IvrNode n = run.node;
        String input = run.digits.toString();
        run.awaitingInput = false;
        if ("menu".equals(n.type())) {
            String target = input.isEmpty() || n.options() == null ? null : n.options().get(input);
            if (target != null) {
                enter(call, target);
                return;
            }
        } else if (!input.isEmpty()) {
            call.data.put(n.variable(), input);
            enter(call, n.next());
            return;
        }
        // invalid or no input: retry, then fall back
        int retries = n.retries() == null ? 2 : n.retries();
        if (run.attempts < retries) {
            run.attempts++;
            run.token++;
            run.digits.setLength(0);
            ask(call, run);
            return;
        }
        if (n.fallback() != null) {
            enter(call, n.fallback());
        } else {
            play(call, "goodbye", () -> end(call, run, "ivr_no_input"));
        }
    }

    /**
     * Plays a prompt to the caller; {@code then} runs on the actor when it ends (unless the IVR moved on), or at once
     * when the node has no prompt ({@code prompt} null).
     */
    private void play(Call call, String prompt, Runnable then) {
        if (prompt == null) {
            then.run();
            return;
        }
        IvrRun run = call.ivr;
        int token = run == null ? 0 : run.token;
        short[] audio = store.audio(call.acd.tenantId, prompt);
        if (audio == null) {
            LOG.warn("prompt {} of {} missing; skipped", prompt, call.acd.tenantId);
            then.run();
            return;
        }
        call.media.play(call.customer.media, new Player(audio, false, () -> call.acd.actor.execute(() -> {
            if (call.ivr == run && (run == null || run.token == token) && !call.ended()) {
                then.run();
            }
        })));
    }

    private void startVoicemail(Call call, IvrNode n) {
        IvrRun run = call.ivr;
        try {
            run.mailbox = n.mailbox() == null ? "general" : n.mailbox();
            run.voicemail = new WavRecorder(store.newRecordingPath(call.acd.tenantId, call.id, "-vm"), 1);
            run.voicemailStarted = Instant.now();
            call.media.record(run.voicemail, call.customer.media, false);
        } catch (java.io.IOException e) {
            LOG.warn("voicemail of call {} could not start: {}", call.id, e.toString());
            engine.ending.endCall(call, "IVR", "voicemail_failed", 0);
            return;
        }
        int token = run.token;
        int max = n.maxSeconds() == null ? 120 : n.maxSeconds();
        run.timer = timers.schedule(() -> call.acd.actor.execute(() -> {
            if (call.ivr == run && run.token == token && run.voicemail != null) {
                finishVoicemail(call, run);
                engine.ending.endCall(call, "VOICEMAIL", "voicemail_max", 0);
            }
        }), max, TimeUnit.SECONDS);
    }

    /** Closes the message and stores it (tenant can list and play it as a VOICEMAIL recording). */
    private void finishVoicemail(Call call, IvrRun run) {
        WavRecorder r = call.media.stopRecording();
        if (r == null) {
            r = run.voicemail;
        }
        run.voicemail = null;
        if (r == null) {
            return;
        }
        try {
            r.close(); // idempotent: the sizes are final (and an empty message is gone) before the row is made
        } catch (java.io.IOException ex) {
            LOG.warn("closing voicemail {} failed: {}", r.path(), ex.toString());
        }
        if (r.removed()) {
            LOG.warn("Voicemail of call {} not kept: nothing could be written ({})", call.id, r.failure());
            return;
        }
        RecordingEntity e = engine.callMedia.recordingRow(call, r, "VOICEMAIL", "VOICEMAIL", run.mailbox, run.voicemailStarted);
        engine.writerSubmit(em -> em.persist(e));
        engine.publishEvent(call, "VOICEMAIL", Map.of("recording.id", e.id, "mailbox", run.mailbox, "duration.ms", e.durationMs));
    }
}
