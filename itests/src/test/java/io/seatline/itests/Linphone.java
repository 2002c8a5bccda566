package io.seatline.itests;

import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real softphone: linphonec 5.1.65 (Debian package {@code linphone-cli}) as an external process, headless,
 * driven through its stdin (one CLI command a line) with its stdout parsed. Unlike baresip ({@code Baresip}) it does
 * attended transfer: REFER in the held call's dialog with {@code Refer-To: <sip:user@host?Replaces=...>} naming the
 * consultation call (RFC 3891), and it hangs up the transferred call by itself on the NOTIFY "SIP/2.0 200".
 *
 * <p>Everything lives in a directory of its own under {@code karaf.data/linphone} (also its {@code HOME}):
 * {@code linphonerc} (written here, rewritten by linphonec: the password becomes an ha1), {@code cli.out} (the CLI
 * transcript, its tail is in every assertion message) and {@code linphone.log} (liblinphone's log at level 6 with
 * every SIP message sent and received: {@link #sipSent()}, {@link #sipReceived()}).
 *
 * <p>Audio: no sound card, always ({@code soundcard use files}): {@link #play(Path)} is what it says (a WAV, 16-bit
 * mono, e.g. Tone.writeWav; played once, then silence; also its music on hold, looped, to a party it holds)
 * and {@link #record(Path)} writes what it hears to a WAV (mono, at the codec's rate: 8 kHz with PCMU/PCMA).
 * Both apply to the current call at once and to every call after. The recorder appends to an existing WAV (each
 * time a call's audio restarts: answer, hold, resume, a new call) and writes the header only when it closes the file,
 * so record each part to check into a fresh file and read it after {@link #stopRecording()}.
 *
 * <p>Call ids are linphonec's own small numbers (1, 2, ... per process, shown by {@code calls}), not SIP Call-IDs.
 * Quirks of 5.1.65: {@code pause} takes no id (it holds the current call); {@code call} refuses while a call is
 * active ("Terminate or hold on the current call first."); the attended transfer command is
 * {@code transfer <id> --to-call <id2>}; the Refer-To (and the To of every request it sends) carries no port, only
 * the host of the dialled URI; with no credentials matching a challenge linphonec asks for a password on stdin
 * and would eat the next command (reported here as an error); at the end of its stdin it does not exit but spins
 * (busy loop), so {@link #close()} quits through the CLI (then SIGTERM, which it handles, then SIGKILL) and a
 * shutdown hook stops one never closed.
 */
final class Linphone implements AutoCloseable {
    static final String PROMPT = "linphonec> ";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    /** RTP ranges: below Seatline's media ports (20000-29999 in tests) and away from SIPp's and baresip's. */
    private static final int RTP_FIRST = 12000;
    private static final int RTP_BLOCK = 20;
    private static final int RTP_BLOCKS = 400;
    private static final AtomicInteger NEXT_RTP_BLOCK = new AtomicInteger((int) (ProcessHandle.current().pid() % RTP_BLOCKS));
    private static final Pattern INCOMING = Pattern.compile("Receiving new incoming call from (.*), assigned id (\\d+)");
    private static final Pattern OUTGOING = Pattern.compile("Establishing call id to (.*), assigned id (\\d+)");
    private static final Pattern CALL_ROW = Pattern.compile("^(\\d+)\\s*\\| (.*?)\\s*\\| (\\S+)\\s*\\|\\s?(.*)$");
    /** lines linphonec prints by itself (call events), which a poll's reply may carry */
    private static final Pattern EVENT = Pattern.compile("^(Call \\d|Receiving|Establishing|Media streams|Pausing|Resuming|The distant|"
        + "Performing|Auto answer|-------auto)", Pattern.MULTILINE);
    private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}:\\d{3} ");

    private final String name;
    private final String user;
    private final Path dir;
    private final Path rc;
    private final Path log;
    private final Path transcript;
    private final int rtpMin;
    private final Process process;
    private final Writer stdin;
    private final Thread reader;
    /** stops it should the JVM end before {@link #close()} (left alone, it would spin once its stdin is gone) */
    private final Thread shutdownHook;
    /** everything linphonec printed; guarded by itself, notified on every chunk */
    private final StringBuilder output = new StringBuilder();
    private final Object commands = new Object();
    /** output ranges of poll commands and their replies, in order; guarded by output */
    private final List<int[]> polls = new ArrayList<>();
    private int sipPort;
    /** where {@link #awaitIncoming} looks for the next incoming call */
    private int incomingFrom;
    /** how far {@link #checkPasswordPrompt} looked; guarded by output */
    private int passwordScanned;
    /** the password prompt seen, if any: every command fails from then on; guarded by output */
    private String passwordPrompt;
    private volatile boolean closed;
    /** the WAV {@link #record} set last */
    private Path recording;

    /** One row of {@code calls}: its id, the remote party, the state (liblinphone's LinphoneCall* without the prefix). */
    record Call(int id, String remote, String state, String flags) {
    }

    static String binary() {
        for (String candidate : List.of("/usr/bin/linphonec", "/usr/local/bin/linphonec")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        throw new AssertionError("linphonec is not installed: apt-get install -y linphone-cli");
    }

    /**
     * Starts a phone registered (digest {@code user}/{@code password}) at {@code registrarHost:registrarPort}, which
     * is also its outbound proxy: every call it places goes there (and is expected to be challenged with 407, which
     * it answers). Its AOR is {@code sip:user@registrarHost}. Returns once the CLI is up; see {@link #awaitRegistered}.
     */
    static Linphone start(String name, String registrarHost, int registrarPort, String user, String password) {
        return new Linphone(name, user, registrarHost, registrarPort, password, -1);
    }

    /**
     * Starts a phone without registrar, for calls made directly by address ({@link #uri()}). {@code sipPort} 0: one
     * the kernel picks. (A fixed port is for the target of an attended transfer between direct phones: the Refer-To
     * linphonec writes has no port, so the transferee calls that host on 5060.)
     */
    static Linphone direct(String name, String user, int sipPort) {
        return new Linphone(name, user, null, 0, null, sipPort == 0 ? -1 : sipPort);
    }

    private Linphone(String name, String user, String registrarHost, int registrarPort, String password, int sipPort) {
        String binary = binary();
        this.name = name;
        this.user = user;
        String root = System.getProperty("karaf.data", System.getProperty("java.io.tmpdir"));
        this.dir = Paths.get(root, "linphone", name + "-" + System.nanoTime()).toAbsolutePath();
        this.rc = dir.resolve("linphonerc");
        this.log = dir.resolve("linphone.log");
        this.transcript = dir.resolve("cli.out");
        this.rtpMin = freeRtpRange();
        try {
            Files.createDirectories(dir);
            Files.writeString(rc, config(registrarHost, registrarPort, password, sipPort), StandardCharsets.UTF_8);
            Files.writeString(transcript, "", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the configuration of linphone " + name + " in " + dir, e);
        }
        ProcessBuilder pb = new ProcessBuilder(binary, "-c", rc.toString(), "-d", "6", "-l", log.toString())
            .directory(dir.toFile()).redirectErrorStream(true);
        // HOME: its history, ZRTP cache and database paths stay in dir; TERM/COLUMNS: readline echoes our commands
        // without escapes or wrapping
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("TERM", "dumb");
        pb.environment().put("COLUMNS", "4096");
        pb.environment().remove("DISPLAY");
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start linphonec: " + e.getMessage(), e);
        }
        shutdownHook = new Thread(process::destroy, "linphone-" + name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        reader = new Thread(this::read, "linphone-" + name);
        reader.setDaemon(true);
        reader.start();
        try {
            awaitOutput(0, Pattern.quote(PROMPT), START_TIMEOUT);
            expect(command("soundcard use files"), "Using wav files instead of soundcard.");
            Matcher m = Pattern.compile("sip port = (\\d+)").matcher(command("ports"));
            if (!m.find()) {
                throw new AssertionError("linphone " + name + " did not tell its SIP port" + tail());
            }
            this.sipPort = Integer.parseInt(m.group(1));
            if (this.sipPort <= 0) {
                throw new AssertionError("linphone " + name + " listens on no UDP port (port " + sipPort + " taken?)" + tail());
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private String config(String registrarHost, int registrarPort, String password, int port) {
        StringBuilder c = new StringBuilder();
        c.append("# written by io.seatline.itests.Linphone for ").append(name).append('\n');
        c.append("[sip]\n");
        c.append("sip_port=").append(port).append('\n'); // -1: a random free port (then read with 'ports')
        c.append("sip_tcp_port=0\nsip_tls_port=0\n"); // 0: not listening
        c.append("use_ipv6=0\nguess_hostname=0\n");
        if (registrarHost == null) {
            c.append("contact=\"").append(name).append("\" <sip:").append(user).append("@127.0.0.1>\n");
        } else {
            c.append("default_proxy=0\n");
        }
        c.append("register_only_when_network_is_up=0\nregister_only_when_upnp_is_ok=0\n");
        c.append("auto_send_ringing=1\ninc_timeout=120\nin_call_timeout=0\ndelayed_timeout=4\n");
        c.append("ping_with_options=0\n");
        c.append("\n[rtp]\n");
        c.append("audio_rtp_port=").append(rtpMin).append('-').append(rtpMin + RTP_BLOCK / 2 - 1).append('\n');
        c.append("video_rtp_port=").append(rtpMin + RTP_BLOCK / 2).append('-').append(rtpMin + RTP_BLOCK - 1).append('\n');
        // parties relayed by Seatline that send no RTP (SIPp) must not make it hang up after the default 30 s
        c.append("nortp_timeout=600\n");
        c.append("\n[sound]\nechocancellation=0\necholimiter=0\n");
        c.append("\n[video]\ndisplay=0\ncapture=0\nautomatically_initiate=0\nautomatically_accept=0\n");
        // no SQLite databases (call logs, chat, ZRTP): nothing to open, nothing left behind
        c.append("\n[storage]\nuri=null\ncall_logs_db_uri=null\nzrtp_secrets_db_uri=null\n");
        // exactly the codecs below (G.711 as Seatline; telephone-event is added to the offer anyway)
        c.append("\n[misc]\nadd_missing_audio_codecs=0\nadd_missing_video_codecs=0\n");
        c.append("\n[audio_codec_0]\nmime=PCMU\nrate=8000\nchannels=1\nenabled=1\n");
        c.append("\n[audio_codec_1]\nmime=PCMA\nrate=8000\nchannels=1\nenabled=1\n");
        if (registrarHost != null) {
            String server = "sip:" + registrarHost + ":" + registrarPort + ";transport=udp";
            c.append("\n[proxy_0]\n");
            c.append("reg_proxy=<").append(server).append(">\n");
            c.append("reg_route=<").append(server).append(";lr>\n"); // outbound proxy: calls go there too
            c.append("reg_identity=\"").append(name).append("\" <sip:").append(user).append('@').append(registrarHost).append(">\n");
            c.append("reg_expires=300\nreg_sendregister=1\npublish=0\ndial_escape_plus=0\navpf=0\nquality_reporting_enabled=0\n");
            // no realm: it answers whatever realm challenges this user at this domain
            c.append("\n[auth_info_0]\n");
            c.append("username=").append(user).append('\n');
            c.append("userid=").append(user).append('\n');
            c.append("passwd=").append(password).append('\n');
            c.append("domain=").append(registrarHost).append('\n');
        }
        return c.toString();
    }

    // ---------------------------------------------------------------- the CLI

    private void read() {
        char[] buf = new char[4096];
        try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                String chunk = new String(buf, 0, n);
                synchronized (output) {
                    output.append(chunk);
                    output.notifyAll();
                }
                try {
                    Files.writeString(transcript, chunk, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    // the transcript is for people; the buffer is what counts
                }
            }
        } catch (IOException e) {
            // the process went away
        } finally {
            synchronized (output) {
                output.notifyAll();
            }
        }
    }

    /**
     * Sends one CLI command and waits until it is done (linphonec prints its prompt again); returns what it printed
     * meanwhile: the echoed command, its reply and any event lines. E.g. {@code codec list}, {@code autoanswer enable},
     * {@code status register}, {@code param sip inc_timeout}.
     */
    String command(String line) {
        return command(line, false);
    }

    /** {@code poll}: a state query repeated while waiting, left out of {@link #tail()} (but the last one). */
    private String command(String line, boolean poll) {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("one line: " + line);
        }
        synchronized (commands) {
            int from;
            synchronized (output) {
                checkPasswordPrompt(line);
                from = output.length();
            }
            try {
                stdin.write(line + "\n");
                stdin.flush();
            } catch (IOException e) {
                throw new AssertionError("linphone " + name + " cannot take '" + line + "': " + e + state() + tail());
            }
            long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
            synchronized (output) {
                while (true) {
                    int prompt = output.indexOf(PROMPT, from);
                    if (prompt >= 0) {
                        String reply = output.substring(from, prompt);
                        if (poll && !EVENT.matcher(reply).find()) {
                            polls.add(new int[] {from, prompt + PROMPT.length()});
                        }
                        checkPasswordPrompt(line);
                        return reply;
                    }
                    checkPasswordPrompt(line);
                    waitOutput(deadline, "the end of '" + line + "'", COMMAND_TIMEOUT);
                }
            }
        }
    }

    /**
     * linphonec asks for a password ("Password for alice on seatline: ") when no credentials match a challenge, at any
     * time, and takes the next line of stdin as the password: fail instead of going on blind. Output's monitor held.
     */
    private void checkPasswordPrompt(String line) {
        if (passwordPrompt == null) {
            int at = output.indexOf("Password for ", Math.max(0, passwordScanned - 16));
            passwordScanned = output.length();
            if (at >= 0) {
                int end = output.indexOf(": ", at);
                passwordPrompt = output.substring(at, end < 0 ? Math.min(output.length(), at + 80) : end);
            }
        }
        if (passwordPrompt != null) {
            throw new AssertionError("linphone " + name + " asks for a password on its stdin ('" + passwordPrompt
                + "'), which takes the next command ('" + line + "'): its credentials (user " + user
                + ") match no challenge" + tail());
        }
    }

    /** Waits (on the output's monitor, held) for more output, up to the deadline; fails past it or when linphonec died. */
    private void waitOutput(long deadline, String what, Duration timeout) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new AssertionError("linphone " + name + ": no " + what + " within " + timeout + state() + tail());
        }
        if (!process.isAlive() && !reader.isAlive()) {
            throw new AssertionError("linphone " + name + " exited (" + process.exitValue() + ") waiting for " + what + tail());
        }
        try {
            output.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void expect(String reply, String text) {
        if (!reply.contains(text)) {
            throw new AssertionError("linphone " + name + ": expected '" + text + "', got: " + reply + tail());
        }
    }

    private void refuse(String reply, String... errors) {
        for (String error : errors) {
            if (reply.contains(error)) {
                throw new AssertionError("linphone " + name + ": " + reply.trim() + state() + tail());
            }
        }
    }

    /** How much output there is so far: a mark for {@link #awaitOutput(int, String, Duration)}. */
    int mark() {
        synchronized (output) {
            return output.length();
        }
    }

    /** Everything linphonec printed so far. */
    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** Waits until the output (all of it, from the start) has a match of {@code regex} (multiline); returns it. */
    MatchResult awaitOutput(String regex, Duration timeout) {
        return awaitOutput(0, regex, timeout);
    }

    /** Waits until the output after {@code mark} has a match of {@code regex} (multiline); positions are absolute. */
    MatchResult awaitOutput(int mark, String regex, Duration timeout) {
        Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (true) {
                Matcher m = p.matcher(output);
                if (m.find(Math.min(mark, output.length()))) {
                    return m.toMatchResult();
                }
                waitOutput(deadline, "output /" + regex + "/", timeout);
            }
        }
    }

    // ---------------------------------------------------------------- registration

    /** Waits until {@code status register} says registered (it polls; a 403 keeps it at "registered=-1"). */
    void awaitRegistered(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (true) {
            last = command("status register", true);
            if (last.contains("registered, identity=")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("linphone " + name + " not registered within " + timeout + ": " + last.trim()
                    + "\n REGISTER answers: " + answers("REGISTER") + tail());
            }
            idle(200);
        }
    }

    /** Whether {@code status register} says registered. */
    boolean registered() {
        return command("status register", true).contains("registered, identity=");
    }

    // ---------------------------------------------------------------- calls

    /** The current calls ({@code calls}). */
    List<Call> calls() {
        String reply = command("calls", true);
        List<Call> calls = new ArrayList<>();
        for (String line : reply.split("\n")) {
            while (line.startsWith(PROMPT)) {
                line = line.substring(PROMPT.length());
            }
            Matcher m = CALL_ROW.matcher(line.stripTrailing());
            if (m.matches()) {
                calls.add(new Call(Integer.parseInt(m.group(1)), m.group(2).trim(), m.group(3), m.group(4).trim()));
            }
        }
        return calls;
    }

    Optional<Call> call(int id) {
        return calls().stream().filter(c -> c.id() == id).findFirst();
    }

    /** The call's state (e.g. IncomingReceived, OutgoingRinging, StreamsRunning, Paused, PausedByRemote), or empty when gone. */
    Optional<String> state(int id) {
        return call(id).map(Call::state);
    }

    /** Waits until call {@code id} is in {@code state} (polling {@code calls}). */
    Call awaitState(int id, String state, Duration timeout) {
        return awaitCall(c -> c.id() == id && c.state().equals(state), "call " + id + " " + state, timeout);
    }

    /** Waits until a current call matches; returns it. */
    Call awaitCall(Predicate<Call> match, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Call> calls = calls();
            for (Call c : calls) {
                if (match.test(c)) {
                    return c;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("linphone " + name + ": no " + what + " within " + timeout + "; calls: " + calls + tail());
            }
            idle(100);
        }
    }

    /** Waits until call {@code id} is over (gone from {@code calls}). */
    void awaitEnded(int id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Call> calls = calls();
            if (calls.stream().noneMatch(c -> c.id() == id)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("linphone " + name + ": call " + id + " not over within " + timeout + "; calls: " + calls + tail());
            }
            idle(100);
        }
    }

    /** Waits until it has no call at all. */
    void awaitNoCall(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Call> calls = calls();
            if (calls.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("linphone " + name + ": calls left after " + timeout + ": " + calls + tail());
            }
            idle(100);
        }
    }

    /** Waits on the output for up to {@code millis} (returns early on new output): the pace of the polls above. */
    private void idle(long millis) {
        synchronized (output) {
            try {
                output.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Places a call ({@code call <uri>}; a bare user means {@code sip:user@<registrar host>}, through the registrar);
     * returns its id. Another call must be on hold first.
     */
    int dial(String uri) {
        String reply = command("call " + uri);
        refuse(reply, "Terminate or hold on the current call first.", "Error from linphone_core_invite.");
        Matcher m = OUTGOING.matcher(reply);
        if (!m.find()) {
            throw new AssertionError("linphone " + name + ": no call id for 'call " + uri + "': " + reply + tail());
        }
        return Integer.parseInt(m.group(2));
    }

    /** Waits for the next incoming call (after the ones already returned); returns its id. */
    int awaitIncoming(Duration timeout) {
        int from;
        synchronized (output) {
            from = incomingFrom;
        }
        MatchResult m = awaitOutput(from, INCOMING.pattern(), timeout);
        synchronized (output) {
            incomingFrom = Math.max(incomingFrom, m.end());
        }
        return Integer.parseInt(m.group(2));
    }

    /** Answers the only call ringing ({@code answer}). */
    void answer() {
        refuse(command("answer"), "There are no calls to answer.", "Multiple calls in progress", "Fail to accept");
    }

    /** Answers call {@code id} ({@code answer <id>}). */
    void answer(int id) {
        requireCall(id);
        refuse(command("answer " + id), "Fail to accept", "Sorry, no call with id");
    }

    /** Answers every incoming call by itself from now on ({@code autoanswer enable}), or not. */
    void autoAnswer(boolean on) {
        command(on ? "autoanswer enable" : "autoanswer disable");
    }

    /**
     * Holds call {@code id} (re-INVITE a=sendonly) and waits until it is Paused. linphonec's {@code pause} holds the
     * current call only, so {@code id} must be the one in StreamsRunning.
     */
    void pause(int id, Duration timeout) {
        Call c = requireCall(id);
        if (c.state().equals("Paused")) {
            return;
        }
        if (!c.state().equals("StreamsRunning")) {
            throw new AssertionError("linphone " + name + ": 'pause' holds the current call, call " + id + " is " + c.state() + state() + tail());
        }
        refuse(command("pause"), "you can only pause when a call is in process");
        awaitState(id, "Paused", timeout);
    }

    void pause(int id) {
        pause(id, COMMAND_TIMEOUT);
    }

    /** Resumes held call {@code id} ({@code resume <id>}; no other call may be active) and waits until StreamsRunning. */
    void resume(int id, Duration timeout) {
        requireCall(id);
        refuse(command("resume " + id), "There is already a call in process", "There was a problem to resume", "Sorry, no call with id");
        awaitState(id, "StreamsRunning", timeout);
    }

    void resume(int id) {
        resume(id, COMMAND_TIMEOUT);
    }

    /**
     * Attended transfer ({@code transfer <fromCallId> --to-call <toCallId>}): a REFER in call {@code fromCallId}'s
     * dialog whose Refer-To is call {@code toCallId}'s remote party with {@code ?Replaces=<its Call-ID>;to-tag;from-tag}.
     * Returns at once; {@link #awaitTransferred} waits for the NOTIFY 200 (after which linphonec hangs up
     * {@code fromCallId} by itself; {@code toCallId} ends when the transfer target hangs it up, as Replaces asks).
     */
    void transferAttended(int fromCallId, int toCallId) {
        requireCall(fromCallId);
        requireCall(toCallId);
        String reply = command("transfer " + fromCallId + " --to-call " + toCallId);
        refuse(reply, "Sorry, no call with id");
        expect(reply, "Performing attended transfer of call " + fromCallId + " to call " + toCallId);
    }

    /** Blind transfer ({@code transfer <callId> <uri>}): a REFER with {@code Refer-To: uri}. Returns at once. */
    void transferBlind(int callId, String uri) {
        requireCall(callId);
        refuse(command("transfer " + callId + " " + uri), "Sorry, no call with id", "No active call");
    }

    /**
     * Waits for the transferee's NOTIFY "SIP/2.0 200" on a transfer of call {@code id} ("The distant endpoint ... of
     * call id has been transfered"); linphonec then ends that call.
     */
    void awaitTransferred(int id, Duration timeout) {
        try {
            awaitOutput(0, "The distant endpoint .* of call " + id + " has been transfered", timeout);
        } catch (AssertionError e) {
            List<String> notifies = sipReceived().stream().filter(m -> m.startsWith("NOTIFY "))
                .map(m -> m.substring(m.lastIndexOf('\n') + 1)).toList();
            throw new AssertionError("linphone " + name + ": call " + id + " not transferred within " + timeout + "; REFER answers: "
                + answers("REFER") + ", NOTIFY bodies: " + notifies + tail(), e);
        }
    }

    /** Hangs up the current call ({@code terminate}). */
    void hangup() {
        refuse(command("terminate"), "Could not stop the active call.");
    }

    /** Hangs up call {@code id} ({@code terminate <id>}). */
    void hangup(int id) {
        requireCall(id);
        refuse(command("terminate " + id), "Could not stop the call", "Sorry, no call with id");
    }

    /** Hangs up every call ({@code terminate all}). */
    void hangupAll() {
        command("terminate all");
    }

    /** linphonec dereferences a bad id in some commands (answer): check first. */
    private Call requireCall(int id) {
        List<Call> calls = calls();
        return calls.stream().filter(c -> c.id() == id).findFirst()
            .orElseThrow(() -> new AssertionError("linphone " + name + " has no call " + id + "; calls: " + calls + tail()));
    }

    // ---------------------------------------------------------------- audio

    /** Says this WAV from now on (the current call at once, restarting it; the next calls from their start). */
    void play(Path wav) {
        requireNoSpace(wav);
        command("play " + wav.toAbsolutePath());
    }

    /**
     * Records what it hears into this WAV from now on (the current call at once, and every call after; an existing
     * WAV is appended to, so give a fresh name). mediastreamer writes the header when it closes the file (over the
     * first 44 bytes of audio; before, there is none): read it after {@link #stopRecording()}, another
     * {@code record} or the call's end.
     */
    void record(Path wav) {
        requireNoSpace(wav);
        synchronized (commands) {
            command("record " + wav.toAbsolutePath());
            recording = wav.toAbsolutePath();
        }
    }

    /**
     * Closes the current recording (so its WAV is complete) by recording on into a scratch file of its directory;
     * returns the closed recording, or null when none was set.
     */
    Path stopRecording() {
        synchronized (commands) {
            Path done = recording;
            command("record " + dir.resolve("scratch-" + System.nanoTime() + ".wav"));
            recording = null;
            return done;
        }
    }

    private static void requireNoSpace(Path p) {
        if (p.toAbsolutePath().toString().chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("linphonec takes no blanks in a path: " + p);
        }
    }

    // ---------------------------------------------------------------- SIP trace

    /** The SIP messages it sent, in order (from its log: start line, headers, body). */
    List<String> sipSent() {
        return sip("message sent to [");
    }

    /** The SIP messages it received, in order. */
    List<String> sipReceived() {
        return sip("new bytes from [");
    }

    /** The requests of {@code method} it sent, e.g. "REFER" or "INVITE". */
    List<String> sentRequests(String method) {
        return sipSent().stream().filter(m -> m.startsWith(method + " ")).toList();
    }

    private List<String> sip(String marker) {
        List<String> messages = new ArrayList<>();
        List<String> lines;
        try {
            if (!Files.exists(log)) {
                return messages;
            }
            lines = List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder current = null;
        for (String line : lines) {
            if (LOG_LINE.matcher(line).find()) {
                if (current != null) {
                    messages.add(current.toString().strip());
                    current = null;
                }
                if (line.contains("belle-sip-message-channel") && line.contains(marker)) {
                    current = new StringBuilder();
                }
            } else if (current != null) {
                current.append(line.replace("\r", "")).append('\n');
            }
        }
        if (current != null) {
            messages.add(current.toString().strip());
        }
        messages.removeIf(String::isEmpty);
        return messages;
    }

    /** The status lines of the responses it received to {@code method} requests, for messages. */
    private String answers(String method) {
        try {
            return sipReceived().stream().filter(m -> m.startsWith("SIP/2.0 ") && m.matches("(?s).*\\nCSeq: *\\d+ " + method + "\\b.*"))
                .map(m -> m.substring(0, m.indexOf('\n') < 0 ? m.length() : m.indexOf('\n'))).toList().toString();
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    // ---------------------------------------------------------------- facts

    String name() {
        return name;
    }

    String user() {
        return user;
    }

    /** The UDP port it listens on for SIP. */
    int sipPort() {
        return sipPort;
    }

    int rtpPortMin() {
        return rtpMin;
    }

    int rtpPortMax() {
        return rtpMin + RTP_BLOCK - 1;
    }

    /** Where to call it directly: {@code sip:user@127.0.0.1:<sipPort>}. */
    String uri() {
        return "sip:" + user + "@127.0.0.1:" + sipPort;
    }

    Path dir() {
        return dir;
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The last lines of the CLI transcript, for assertion messages. */
    String tail() {
        String text;
        synchronized (output) {
            // without the polls (status register, calls) but the last one: they would fill it
            StringBuilder t = new StringBuilder();
            int at = 0;
            for (int i = 0; i < polls.size() - 1; i++) {
                int[] r = polls.get(i);
                t.append(output, at, r[0]);
                at = r[1];
            }
            t.append(output, at, output.length());
            text = t.toString();
        }
        return "\n--- linphone " + name + " (" + dir + ") CLI tail ---\n" + (text.length() > 2500 ? text.substring(text.length() - 2500) : text);
    }

    private String state() {
        return process.isAlive() ? "" : " (exited " + process.exitValue() + ")";
    }

    // ---------------------------------------------------------------- ports and end

    /** A block of RTP_BLOCK UDP ports nobody holds, from the per-JVM rotation. */
    private static int freeRtpRange() {
        for (int attempt = 0; attempt < RTP_BLOCKS; attempt++) {
            int first = RTP_FIRST + Math.floorMod(NEXT_RTP_BLOCK.getAndIncrement(), RTP_BLOCKS) * RTP_BLOCK;
            if (udpFree(first, RTP_BLOCK)) {
                return first;
            }
        }
        throw new IllegalStateException("no free block of " + RTP_BLOCK + " UDP ports from " + RTP_FIRST);
    }

    private static boolean udpFree(int first, int count) {
        List<DatagramSocket> held = new ArrayList<>();
        try {
            for (int p = first; p < first + count; p++) {
                held.add(new DatagramSocket(new InetSocketAddress(p))); // the wildcard address, as linphonec binds
            }
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            held.forEach(DatagramSocket::close);
        }
    }

    /**
     * Quits through the CLI (it hangs up its calls and unregisters, given 5 s), then SIGTERM (2 s), then SIGKILL.
     * Not by closing its stdin alone: at end of input linphonec spins instead of exiting.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (process.isAlive()) {
                stdin.write("quit\n");
                stdin.flush();
            }
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy(); // SIGTERM: its handler hangs up and exits
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
                }
            }
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                stdin.close();
            } catch (IOException e) {
                // gone
            }
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already
            }
        }
    }

    @Override
    public String toString() {
        return "linphone " + name + " (" + user + ", SIP udp 127.0.0.1:" + sipPort + ", RTP " + rtpMin + "-" + rtpPortMax() + ")";
    }
}
