package io.seatline.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real softphone: baresip 1.0.0 (Debian package {@code baresip-core}) as an external process, headless, driven
 * over its {@code ctrl_tcp} interface (netstring-framed JSON commands, responses and events).
 *
 * <p>What it says: a sine of {@link Options#tone(int)} Hz ({@code ausine}), or a WAV file ({@code aufile}; the call
 * ends when the file does). What it hears, two ways:
 * <ul>
 * <li>the "ear": a continuous 8 kHz recording of everything played, in (nearly) real time and with silence where
 * nothing arrived, across hold/resume and calls: {@link #mark()}, {@link #heard(int)}, {@link #awaitHearing},
 * {@link #awaitNotHearing}, {@link #heardWav()}. baresip plays into ALSA's {@code file} plugin writing raw 48 kHz
 * stereo into a FIFO that this class reads at real-time pace (48 kHz keeps the FIFO's 64 KiB to 0.34 s of lag);
 * one call at a time: with two calls up (one held, one consulted) both players write into it and it hears
 * garble, so then look at the other parties' ears or at the second call's recording.</li>
 * <li>{@link #callRecordings()}: per call, the {@code sndfile} module's WAV of the decoded audio (8 kHz mono, only
 * what arrived, no gaps). baresip 1.0.0 stops writing it at the first re-INVITE that makes the audio not sendrecv
 * (hold, on both sides), so after a hold only the ear tells.</li>
 * </ul>
 *
 * <p>Commands act on the current call (the newest; {@link #selectLine} picks another). baresip 1.0.0 has blind
 * transfer only (REFER; no attended transfer, no Replaces); hold and resume are re-INVITEs with a=sendonly/sendrecv
 * and no event tells they are done; DTMF is RFC 4733 only. Its Contact user is {@code <user>-0x<hex>} (it takes
 * INVITEs for that or for the AOR user), and it sends an empty {@code Supported:} header.
 *
 * <p>The account is created over ctrl_tcp ({@code uanew}) after the control connection is up, so no
 * registration event is missed (ctrl_tcp drops events while no client is connected). Its local SIP port (UDP and
 * TCP; baresip also listens TLS on the next port), the RTP range and the control port are chosen free here. Everything lives in a directory under
 * {@code /tmp/seatline-baresip} (short: baresip cuts long configuration values): {@code config}, {@code baresip.log} (stdout and stderr, its tail is in every
 * assertion message), {@code calls/} (sndfile WAVs), {@code heard.wav}.
 */
final class Baresip implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final String MODULES = "/usr/lib/baresip/modules";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    /** RTP ranges: below Linux's ephemeral ports and above Seatline's media ports (20000-29999 in tests). */
    private static final int RTP_FIRST = 30000;
    private static final int RTP_BLOCK = 20;
    private static final int RTP_BLOCKS = 135;
    private static final AtomicInteger NEXT_RTP_BLOCK = new AtomicInteger((int) (ProcessHandle.current().pid() % RTP_BLOCKS));
    /** The ear's stream: 48 kHz, 2 channels, 16 bit; every 6th frame's left sample is kept (8 kHz mono). */
    private static final int EAR_BYTES_PER_SECOND = 48000 * 2 * 2;
    static final int EAR_RATE = 8000;
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

    private final Options options;
    private final Path dir;
    private final Path log;
    private final int sipPort;
    private final int rtpMin;
    private final int rtpMax;
    private final int ctrlPort;
    private final Path fifo;
    private final Thread earThread;
    private final Process process;
    private volatile boolean closed;

    private Socket ctrl;
    private OutputStream ctrlOut;
    private Thread ctrlReader;
    private final Object sending = new Object();
    private final AtomicLong tokens = new AtomicLong();
    private final Map<String, JsonNode> responses = new ConcurrentHashMap<>();
    private final List<Event> events = new ArrayList<>();
    private final List<Boolean> consumed = new ArrayList<>();

    private short[] heard = new short[EAR_RATE * 60];
    private int heardCount;

    /** What a {@link Baresip} is: see the setters. */
    static final class Options {
        private final String name;
        private String registrar;
        private String user;
        private String password;
        private String transport = "udp";
        private int tone = 440;
        private Path sourceWav;
        private boolean autoAnswer;
        private String codecs = "PCMA,PCMU";
        private int regint = 60;
        private String localIp = "127.0.0.1";
        private boolean ear = true;

        private Options(String name) {
            this.name = name;
            this.user = name;
        }

        /** Registers to this {@code host:port} (also the domain of its AOR); null (the default): no registration. */
        Options registrar(String hostPort) {
            this.registrar = hostPort;
            return this;
        }

        /** SIP user (AOR user and digest user); default: the name. */
        Options user(String user) {
            this.user = user;
            return this;
        }

        /** Digest password (no spaces, ';', '&lt;', '&gt;' or quotes: baresip 1.0.0 cannot quote it). */
        Options password(String password) {
            this.password = password;
            return this;
        }

        /** {@code udp} (default) or {@code tcp}: for REGISTER and every call it makes. */
        Options transport(String transport) {
            this.transport = transport.toLowerCase(java.util.Locale.ROOT);
            return this;
        }

        /** The sine it sends, 10..3900 Hz (default 440). */
        Options tone(int hz) {
            this.tone = hz;
            this.sourceWav = null;
            return this;
        }

        /** Sends this WAV instead of a tone (8 kHz mono 16-bit, e.g. {@link Tone#writeWav}); the call ends at its end. */
        Options sourceWav(Path wav) {
            this.sourceWav = wav;
            return this;
        }

        /** Answers every incoming call at once (baresip then sends no CALL_INCOMING event); default: manual. */
        Options autoAnswer(boolean on) {
            this.autoAnswer = on;
            return this;
        }

        /** Offered audio codecs, baresip names, in order (default {@code PCMA,PCMU}). */
        Options codecs(String codecs) {
            this.codecs = codecs;
            return this;
        }

        /** Registration interval in seconds (default 60). */
        Options regint(int seconds) {
            this.regint = seconds;
            return this;
        }

        /** The address SIP, RTP and the control port bind to and SDP names (default 127.0.0.1; any 127.x works). */
        Options localIp(String ip) {
            this.localIp = ip;
            return this;
        }

        /** Whether to keep the continuous recording (default true; off: only {@link #callRecordings()}). */
        Options ear(boolean on) {
            this.ear = on;
            return this;
        }

        Baresip start() {
            return Baresip.start(this);
        }
    }

    /** One ctrl_tcp event, e.g. type CALL_ESTABLISHED, class call, param the peer URI. */
    static final class Event {
        final String type;
        final String eventClass;
        final String param;
        final String direction;
        final String peerUri;
        final String callId;
        final long nanos;
        final JsonNode json;

        Event(JsonNode json) {
            this.json = json;
            this.type = json.path("type").asText("");
            this.eventClass = json.path("class").asText("");
            this.param = json.path("param").asText("");
            this.direction = json.path("direction").asText("");
            this.peerUri = json.path("peeruri").asText("");
            this.callId = json.path("id").asText("");
            this.nanos = System.nanoTime();
        }

        @Override
        public String toString() {
            return type + (param.isEmpty() ? "" : "(" + param + ")") + (peerUri.isEmpty() ? "" : " " + direction + " " + peerUri)
                + (callId.isEmpty() ? "" : " id=" + callId);
        }
    }

    static Options options(String name) {
        return new Options(name);
    }

    /**
     * Starts a softphone. {@code registrar} {@code host:port} or null for none (then dial it directly at
     * {@code sip:user@127.0.0.1:<sipPort()>}); {@code transport} udp or tcp; {@code toneHz} what it says.
     */
    static Baresip start(String name, String registrar, String user, String password, String transport, int toneHz, boolean autoAnswer) {
        return options(name).registrar(registrar).user(user).password(password).transport(transport).tone(toneHz)
            .autoAnswer(autoAnswer).start();
    }

    static String binary() {
        for (String candidate : List.of("/usr/bin/baresip", "/usr/local/bin/baresip")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        throw new AssertionError("baresip is not installed: apt-get install -y baresip-core");
    }

    static Baresip start(Options o) {
        if (!o.transport.equals("udp") && !o.transport.equals("tcp")) {
            throw new IllegalArgumentException("transport udp or tcp, not " + o.transport);
        }
        if (o.sourceWav == null && (o.tone < 10 || o.tone > 3900)) {
            throw new IllegalArgumentException("tone 10..3900 Hz, not " + o.tone);
        }
        if (o.password != null && !o.password.matches("[^\\s;<>\"]+")) {
            throw new IllegalArgumentException("baresip 1.0.0 cannot take this password: " + o.password);
        }
        // a short path: baresip 1.0 cuts configuration values at 127 characters (an ALSA device string naming a FIFO
        // deep under karaf.data came out as "...ear.fifo,FORM" and the player failed); the log path is in every message
        Path dir = Paths.get("/tmp", "seatline-baresip", Long.toString(ProcessHandle.current().pid(), 36) + "-"
            + Long.toString(SEQUENCE.incrementAndGet(), 36) + "-" + o.name);
        try {
            Files.createDirectories(dir.resolve("calls"));
            Files.createDirectories(dir.resolve("sounds")); // empty: no ring, ringback or busy sounds into the ear
            Files.writeString(dir.resolve("accounts"), "");
            Files.writeString(dir.resolve("contacts"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Baresip(o, dir);
    }

    private Baresip(Options o, Path dir) {
        String binary = binary();
        this.options = o;
        this.dir = dir;
        this.log = dir.resolve("baresip.log");
        InetAddress ip;
        try {
            ip = InetAddress.getByName(o.localIp);
        } catch (IOException e) {
            throw new IllegalArgumentException("bad localIp " + o.localIp, e);
        }
        this.sipPort = freeSipPort(ip);
        this.ctrlPort = freeTcpPort(ip);
        this.rtpMin = freeRtpRange(ip);
        this.rtpMax = rtpMin + RTP_BLOCK - 1;
        this.fifo = o.ear ? dir.resolve("ear.fifo") : null;
        try {
            if (fifo != null) {
                Process mk = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
                if (!mk.waitFor(10, TimeUnit.SECONDS) || mk.exitValue() != 0) {
                    throw new IllegalStateException("mkfifo " + fifo + " failed: "
                        + new String(mk.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            Files.writeString(dir.resolve("config"), config(o), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (fifo != null) {
            earThread = new Thread(this::listen, "baresip-ear-" + o.name);
            earThread.setDaemon(true);
            earThread.start();
        } else {
            earThread = null;
        }
        try {
            process = new ProcessBuilder(binary, "-v", "-f", dir.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            stopEar();
            throw new IllegalStateException("cannot start baresip: " + e.getMessage(), e);
        }
        try {
            connect(Duration.ofSeconds(15));
            command("uanew", account(o));
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private String config(Options o) {
        boolean wav = o.sourceWav != null;
        StringBuilder c = new StringBuilder();
        c.append("# written by io.seatline.itests.Baresip for ").append(o.name).append('\n');
        c.append("poll_method\t\tepoll\n");
        c.append("sip_listen\t\t").append(o.localIp).append(':').append(sipPort).append('\n');
        c.append("net_interface\t\t").append(o.localIp).append('\n');
        c.append("call_local_timeout\t120\n");
        c.append("call_max_calls\t\t4\n");
        c.append("audio_path\t\t").append(dir.resolve("sounds")).append('\n');
        if (wav) {
            c.append("audio_source\t\taufile,").append(o.sourceWav.toAbsolutePath()).append('\n');
            c.append("ausrc_srate\t\t8000\nausrc_channels\t\t1\n");
        } else {
            c.append("audio_source\t\tausine,").append(o.tone).append('\n');
            c.append("ausrc_srate\t\t48000\nausrc_channels\t\t2\n"); // ausine only does 48 kHz stereo
        }
        if (fifo != null) {
            c.append("audio_player\t\talsa,file:FILE=").append(fifo).append(",FORMAT=raw\n");
            c.append("auplay_srate\t\t48000\nauplay_channels\t\t2\n");
        }
        c.append("audio_buffer\t\t20-160\n");
        c.append("audio_level\t\tno\n");
        c.append("ausrc_format\t\ts16\nauplay_format\t\ts16\nauenc_format\t\ts16\naudec_format\t\ts16\n");
        c.append("rtp_tos\t\t\t184\n");
        c.append("rtp_ports\t\t").append(rtpMin).append('-').append(rtpMax).append('\n');
        c.append("rtcp_mux\t\tno\n");
        c.append("jitter_buffer_delay\t5-10\n");
        c.append("rtp_stats\t\tno\n");
        c.append("module_path\t\t").append(MODULES).append('\n');
        c.append("module\t\t\tg711.so\n");
        c.append("module\t\t\t").append(wav ? "aufile.so" : "ausine.so").append('\n');
        c.append("module\t\t\tsndfile.so\n");
        if (fifo != null) {
            c.append("module\t\t\talsa.so\n");
        }
        c.append("module_app\t\tmenu.so\n");
        c.append("module_app\t\tctrl_tcp.so\n");
        c.append("ctrl_tcp_listen\t\t").append(o.localIp).append(':').append(ctrlPort).append('\n');
        c.append("snd_path\t\t").append(dir.resolve("calls")).append('\n');
        c.append("menu_bell\t\tno\n");
        c.append("ringback_disabled\tyes\n");
        c.append("statmode_default\toff\n");
        return c.toString();
    }

    private String account(Options o) {
        String tp = o.transport.equals("tcp") ? ";transport=tcp" : "";
        String host = o.registrar != null ? o.registrar : o.localIp + ":" + sipPort;
        StringBuilder a = new StringBuilder("<sip:").append(o.user).append('@').append(host).append(tp).append('>');
        if (o.password != null) {
            a.append(";auth_pass=").append(o.password);
        }
        a.append(";regint=").append(o.registrar != null ? o.regint : 0);
        a.append(";answermode=").append(o.autoAnswer ? "auto" : "manual");
        a.append(";audio_codecs=").append(o.codecs);
        return a.toString();
    }

    // ---------------------------------------------------------------- ports

    private static int freeSipPort(InetAddress ip) {
        for (int i = 0; i < 200; i++) {
            int p;
            try (ServerSocket s = new ServerSocket(0, 1, ip)) {
                p = s.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException("no TCP port on " + ip, e);
            }
            // UDP and TCP on p, and TLS on p + 1, which baresip always opens
            if (p < 65535 && tcpFree(ip, p) && tcpFree(ip, p + 1) && udpFree(ip, p)) {
                return p;
            }
        }
        throw new IllegalStateException("no free SIP port on " + ip);
    }

    private static int freeTcpPort(InetAddress ip) {
        try (ServerSocket s = new ServerSocket(0, 1, ip)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no TCP port on " + ip, e);
        }
    }

    private static int freeRtpRange(InetAddress ip) {
        for (int i = 0; i < RTP_BLOCKS; i++) {
            int first = RTP_FIRST + Math.floorMod(NEXT_RTP_BLOCK.getAndIncrement(), RTP_BLOCKS) * RTP_BLOCK;
            boolean free = true;
            for (int p = first; p < first + RTP_BLOCK && free; p++) {
                free = udpFree(ip, p);
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("no free RTP range of " + RTP_BLOCK + " ports in " + RTP_FIRST + "..");
    }

    private static boolean tcpFree(InetAddress ip, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(ip, port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean udpFree(InetAddress ip, int port) {
        try (DatagramSocket d = new DatagramSocket(port, ip)) {
            return d.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- control connection

    private void connect(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("baresip " + options.name + " exited with " + process.exitValue() + tail());
            }
            try {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(options.localIp, ctrlPort), 1000);
                s.setTcpNoDelay(true);
                ctrl = s;
                ctrlOut = s.getOutputStream();
                ctrlReader = new Thread(this::readControl, "baresip-ctrl-" + options.name);
                ctrlReader.setDaemon(true);
                ctrlReader.start();
                return;
            } catch (IOException e) {
                last = e;
                pause(50);
            }
        }
        throw new AssertionError("baresip " + options.name + ": no ctrl_tcp on port " + ctrlPort + " within " + timeout + " (" + last + ")" + tail());
    }

    private void readControl() {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(ctrl.getInputStream()))) {
            while (!closed) {
                int length = 0;
                int ch;
                while ((ch = in.read()) != ':') {
                    if (ch < 0) {
                        return;
                    }
                    if (ch < '0' || ch > '9') {
                        throw new IOException("bad netstring length byte " + ch);
                    }
                    length = length * 10 + (ch - '0');
                }
                byte[] body = new byte[length];
                in.readFully(body);
                if (in.read() != ',') {
                    throw new IOException("netstring without ','");
                }
                JsonNode msg = JSON.readTree(body);
                if (msg.path("response").asBoolean(false)) {
                    responses.put(msg.path("token").asText(""), msg);
                } else if (msg.has("event")) {
                    synchronized (events) {
                        events.add(new Event(msg));
                        consumed.add(false);
                    }
                }
            }
        } catch (EOFException e) {
            // baresip went away
        } catch (IOException e) {
            if (!closed) {
                synchronized (events) {
                    events.add(new Event(JSON.createObjectNode().put("type", "CTRL_ERROR").put("param", e.toString())));
                    consumed.add(false);
                }
            }
        }
    }

    /** Sends a ctrl_tcp command (a long command of baresip's menu) and returns its response data; fails if not ok. */
    String command(String command, String params) {
        JsonNode r = request(command, params);
        if (!r.path("ok").asBoolean(false)) {
            throw new AssertionError("baresip " + options.name + ": '" + command + (params == null ? "" : " " + params) + "' failed: "
                + r.path("data").asText() + tail());
        }
        return r.path("data").asText("");
    }

    /** Sends a ctrl_tcp command and returns the whole response ({@code ok}, {@code data}), whatever it says. */
    JsonNode request(String command, String params) {
        String token = "t" + tokens.incrementAndGet();
        var msg = JSON.createObjectNode().put("command", command);
        if (params != null) {
            msg.put("params", params);
        }
        msg.put("token", token);
        try {
            byte[] body = JSON.writeValueAsBytes(msg);
            byte[] head = (body.length + ":").getBytes(StandardCharsets.US_ASCII);
            synchronized (sending) {
                if (ctrlOut == null) {
                    throw new AssertionError("baresip " + options.name + " has no control connection" + tail());
                }
                ctrlOut.write(head);
                ctrlOut.write(body);
                ctrlOut.write(',');
                ctrlOut.flush();
            }
        } catch (IOException e) {
            throw new AssertionError("baresip " + options.name + ": cannot send '" + command + "': " + e + tail());
        }
        long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode r = responses.remove(token);
            if (r != null) {
                return r;
            }
            if (!process.isAlive()) {
                throw new AssertionError("baresip " + options.name + " exited with " + process.exitValue() + " during '" + command + "'" + tail());
            }
            pause(10);
        }
        throw new AssertionError("baresip " + options.name + ": no response to '" + command + "' within " + COMMAND_TIMEOUT + tail());
    }

    // ---------------------------------------------------------------- phone

    /**
     * Calls {@code uri}: a SIP URI, or a user/number (then {@code @registrar} is added). Don't add
     * {@code ;transport=}: baresip appends the account's own URI parameters (e.g. {@code ;transport=tcp}).
     */
    void dial(String uri) {
        String target = uri;
        if (!target.startsWith("sip:") && !target.contains("@") && options.registrar != null) {
            target = "sip:" + target + "@" + options.registrar;
        }
        if (options.transport.equals("tcp")) {
            target = target.replaceAll("(?i);transport=[a-z]+", "");
        }
        command("dial", target);
    }

    /** Answers the ringing incoming call (manual answer mode). */
    void accept() {
        command("accept", null);
    }

    /** Hangs up the current call (rejects it with 486 if it is still ringing here). */
    void hangup() {
        command("hangup", null);
    }

    /** Puts the current call on hold: a re-INVITE with a=sendonly. No event tells when it is done. */
    void hold() {
        command("hold", null);
    }

    /** Resumes the current call: a re-INVITE with a=sendrecv. */
    void resume() {
        command("resume", null);
    }

    /** Blind transfer: REFER of the current call to {@code uri} (no {@code @registrar} completion, give a SIP URI). */
    void transfer(String uri) {
        command("transfer", uri);
    }

    /** Toggles the microphone of the current call (muted: it sends silence). */
    void toggleMute() {
        command("mute", null);
    }

    /**
     * Sends DTMF (RFC 4733 telephone-events; baresip 1.0.0 has no SIP INFO sending) on the current call: one
     * {@code sndcode} per digit, which sends the key and its release, {@code gap} apart. baresip queues keys: each
     * goes out as 180 ms of events plus 3 end packets, about 240 ms per key whatever the gap.
     */
    void sendDtmf(String digits, Duration gap) {
        for (int i = 0; i < digits.length(); i++) {
            char d = digits.charAt(i);
            if ("0123456789*#ABCDabcd".indexOf(d) < 0) {
                throw new IllegalArgumentException("not a DTMF digit: " + d);
            }
            if (i > 0) {
                pause(gap.toMillis());
            }
            command("sndcode", String.valueOf(d));
        }
    }

    /** {@link #sendDtmf(String, Duration)} with 250 ms between keys. */
    void sendDtmf(String digits) {
        sendDtmf(digits, Duration.ofMillis(250));
    }

    /** Makes call {@code line} (1, 2, ... as {@link #calls()} numbers them) the current one, for hold, transfer... */
    void selectLine(int line) {
        command("line", Integer.toString(line));
    }

    /**
     * Deletes the account ({@code uadel}): it unregisters (REGISTER with expires 0) and takes no more calls; the
     * phone "goes offline". Nothing can be dialled afterwards.
     */
    void unregister() {
        command("uadel", aor());
    }

    /** Switches answer mode: {@code manual}, {@code early} or {@code auto}. */
    void answerMode(String mode) {
        command("answermode", mode);
    }

    /** baresip's list of calls, e.g. {@code [line 1]  0:00:04  ESTABLISHED  sip:bob@...}. */
    String calls() {
        return clean(command("listcalls", null));
    }

    /** How many calls baresip has (ringing, established or on hold). */
    int activeCalls() {
        Matcher m = Pattern.compile("Active calls \\((\\d+)\\)").matcher(calls());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** baresip's debug of the current call (SDP formats, direction, ...). */
    String callStatus() {
        return clean(command("callstat", null));
    }

    /** baresip's registration line, e.g. {@code sip:alice@127.0.0.1:5060  OK  Expires 60s}. */
    String regInfo() {
        return clean(command("reginfo", null));
    }

    /** Waits for REGISTER_OK; fails at once on REGISTER_FAIL (with the registrar's answer). */
    void awaitRegistered(Duration timeout) {
        if (options.registrar == null) {
            throw new IllegalStateException(options.name + " has no registrar");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event last = lastEvent(e -> e.type.equals("REGISTER_OK") || e.type.equals("REGISTER_FAIL"));
            if (last != null && last.type.equals("REGISTER_OK")) {
                return;
            }
            if (last != null) {
                throw new AssertionError("baresip " + options.name + " failed to register at " + options.registrar + ": " + last.param + tail());
            }
            check(deadline, "REGISTER_OK", timeout);
            pause(20);
        }
    }

    /** Waits for REGISTER_FAIL and returns its reason (e.g. {@code 403 Forbidden}). */
    String awaitRegistrationFailed(Duration timeout) {
        return awaitEvent("REGISTER_FAIL", timeout).param;
    }

    // ---------------------------------------------------------------- events

    /** Every event so far, oldest first. */
    List<Event> events() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }

    /** Event types so far, for messages. */
    String eventSummary() {
        return events().stream().filter(e -> !e.type.equals("CALL_RTCP")).map(Event::toString).collect(Collectors.joining("\n  ", "  ", ""));
    }

    /**
     * Waits for the oldest event of {@code type} no earlier await returned, and marks it returned; so two calls'
     * CALL_ESTABLISHED are two awaits.
     */
    Event awaitEvent(String type, Duration timeout) {
        return awaitEvent(e -> e.type.equals(type), type, timeout);
    }

    /** Like {@link #awaitEvent(String, Duration)} for any condition. */
    Event awaitEvent(Predicate<Event> match, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            synchronized (events) {
                for (int i = 0; i < events.size(); i++) {
                    if (!consumed.get(i) && match.test(events.get(i))) {
                        consumed.set(i, true);
                        return events.get(i);
                    }
                }
            }
            check(deadline, what, timeout);
            pause(20);
        }
    }

    /** Whether an event of {@code type} came that no await returned yet (does not mark it). */
    boolean hasEvent(String type) {
        synchronized (events) {
            for (int i = 0; i < events.size(); i++) {
                if (!consumed.get(i) && events.get(i).type.equals(type)) {
                    return true;
                }
            }
            return false;
        }
    }

    private Event lastEvent(Predicate<Event> match) {
        synchronized (events) {
            for (int i = events.size() - 1; i >= 0; i--) {
                if (match.test(events.get(i))) {
                    return events.get(i);
                }
            }
            return null;
        }
    }

    /** Waits for a ringing incoming call (manual answer mode only); returns it (peerUri: the caller). */
    Event awaitIncomingCall(Duration timeout) {
        return awaitEvent("CALL_INCOMING", timeout);
    }

    Event awaitCallEstablished(Duration timeout) {
        return awaitEvent("CALL_ESTABLISHED", timeout);
    }

    /**
     * Waits for a call's end; param says why: "Connection reset by peer" (BYE received), "Connection reset by user"
     * (own hangup), "486 Rejected" (or another final answer), "Call transfered" (this side's blind transfer
     * succeeded), "end of file" (sourceWav ended), "Connection timed out" (no answer to the INVITE).
     */
    Event awaitCallClosed(Duration timeout) {
        return awaitEvent("CALL_CLOSED", timeout);
    }

    /** Waits for an incoming REFER (baresip follows it at once: a new call to param, the referred URI). */
    Event awaitTransfer(Duration timeout) {
        return awaitEvent("TRANSFER", timeout);
    }

    /** The DTMF keys received so far (CALL_DTMF_START events), in order. */
    String receivedDtmf() {
        return events().stream().filter(e -> e.type.equals("CALL_DTMF_START")).map(e -> e.param).collect(Collectors.joining());
    }

    /** Waits until the DTMF received so far ends with {@code digits}. */
    void awaitDtmf(String digits, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!receivedDtmf().endsWith(digits)) {
            check(deadline, "DTMF " + digits + " (got '" + receivedDtmf() + "')", timeout);
            pause(20);
        }
    }

    private void check(long deadline, String what, Duration timeout) {
        if (!process.isAlive()) {
            throw new AssertionError("baresip " + options.name + " exited with " + process.exitValue() + " waiting for " + what
                + "\n events:\n" + eventSummary() + tail());
        }
        if (System.nanoTime() > deadline) {
            throw new AssertionError("baresip " + options.name + ": no " + what + " within " + timeout + "\n events:\n" + eventSummary() + tail());
        }
    }

    // ---------------------------------------------------------------- hearing

    private void listen() {
        byte[] buf = new byte[3840];
        byte[] frame = new byte[4];
        while (!closed) {
            try (InputStream in = new FileInputStream(fifo.toFile())) { // blocks until baresip opens its player
                long start = System.nanoTime();
                long bytes = 0;
                int partial = 0;
                long frames = 0;
                int n;
                while (!closed && (n = in.read(buf)) > 0) {
                    synchronized (this) {
                        for (int i = 0; i < n; i++) {
                            frame[partial++] = buf[i];
                            if (partial == 4) {
                                partial = 0;
                                if (frames++ % 6 == 0) {
                                    if (heardCount == heard.length) {
                                        heard = Arrays.copyOf(heard, heard.length * 2);
                                    }
                                    heard[heardCount++] = (short) ((frame[0] & 0xFF) | (frame[1] << 8));
                                }
                            }
                        }
                    }
                    bytes += n;
                    // read at real-time pace: baresip's player thread writes as fast as the FIFO takes it
                    long due = start + bytes * 1_000_000_000L / EAR_BYTES_PER_SECOND;
                    long ahead = due - System.nanoTime();
                    if (ahead > 0) {
                        TimeUnit.NANOSECONDS.sleep(ahead);
                    } else if (ahead < -100_000_000L) {
                        start -= ahead; // fell behind (GC...): do not race to catch up, that would read silence
                    }
                }
            } catch (IOException e) {
                if (!closed) {
                    pause(20);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** How much the ear has heard so far (8 kHz samples): a mark to look from. */
    synchronized int mark() {
        return heardCount;
    }

    /** What the ear heard after {@code mark} (8 kHz, 16-bit). */
    synchronized short[] heard(int mark) {
        return Arrays.copyOfRange(heard, Math.min(mark, heardCount), heardCount);
    }

    /** The last {@code length} of what the ear heard. */
    synchronized short[] heardLast(Duration length) {
        int n = (int) Math.min(heardCount, length.toMillis() * EAR_RATE / 1000);
        return Arrays.copyOfRange(heard, heardCount - n, heardCount);
    }

    /**
     * Waits until {@code hz} is clearly heard (see {@link Tone}) for {@code minDuration} in a row among what the ear
     * heard after {@code mark}.
     */
    void awaitHearing(double hz, int mark, Duration minDuration, Duration timeout) {
        requireEar();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Tone.present(heard(mark), EAR_RATE, hz, minDuration)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                short[] x = heard(mark);
                throw new AssertionError("baresip " + options.name + " did not hear " + hz + " Hz for " + minDuration + " within " + timeout
                    + " (longest " + Tone.longest(x, EAR_RATE, hz).toMillis() + " ms); heard since mark:\n" + Tone.describe(x, EAR_RATE, hz)
                    + "\n events:\n" + eventSummary() + tail());
            }
            pause(50);
        }
    }

    /** Waits until {@code hz} is heard for 500 ms in a row from now on. */
    void awaitHearing(double hz, Duration timeout) {
        awaitHearing(hz, mark(), Duration.ofMillis(500), timeout);
    }

    /**
     * Waits until the last {@code quiet} of what the ear heard (heard while the timeout runs) has no trace of
     * {@code hz}: e.g. after hold, the held party stops hearing the other's tone.
     */
    void awaitNotHearing(double hz, Duration quiet, Duration timeout) {
        requireEar();
        int start = mark();
        int need = (int) (quiet.toMillis() * EAR_RATE / 1000);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            short[] since = heard(start);
            if (since.length >= need && Tone.absent(Arrays.copyOfRange(since, since.length - need, since.length), EAR_RATE, hz)) {
                return;
            }
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("baresip " + options.name + " still heard " + hz + " Hz (or heard nothing: " + since.length
                    + " samples) within " + timeout + ":\n" + Tone.describe(since, EAR_RATE, hz) + "\n events:\n" + eventSummary() + tail());
            }
            pause(50);
        }
    }

    /** Writes everything the ear heard to {@code heard.wav} (8 kHz mono 16-bit) and returns it. */
    Path heardWav() {
        requireEar();
        return Tone.writeWav(dir.resolve("heard.wav"), EAR_RATE, heard(0));
    }

    private void requireEar() {
        if (fifo == null) {
            throw new IllegalStateException(options.name + " was started without the ear");
        }
    }

    /**
     * The sndfile module's WAVs of what each call received, oldest first ({@code calls/dump-<start second>-dec.wav},
     * 8 kHz mono; the file of an ongoing call has an unfinished header, {@link Tone#read} copes). Two calls
     * starting in the same second share (and spoil) one file; recording stops at the call's first hold.
     */
    List<Path> callRecordings() {
        return recordings("-dec.wav");
    }

    /** The sndfile module's WAVs of what each call sent. */
    List<Path> sentRecordings() {
        return recordings("-enc.wav");
    }

    private List<Path> recordings(String suffix) {
        try (Stream<Path> files = Files.list(dir.resolve("calls"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- facts

    String name() {
        return options.name;
    }

    /** Local SIP port (UDP and TCP). */
    int sipPort() {
        return sipPort;
    }

    int rtpPortMin() {
        return rtpMin;
    }

    int rtpPortMax() {
        return rtpMax;
    }

    /** The account's AOR, e.g. {@code sip:alice@127.0.0.1:5060}. */
    String aor() {
        return "sip:" + options.user + "@" + (options.registrar != null ? options.registrar : options.localIp + ":" + sipPort);
    }

    /** Where to call this phone directly, without a registrar, e.g. {@code sip:alice@127.0.0.1:31234;transport=tcp}. */
    String directUri() {
        return "sip:" + options.user + "@" + options.localIp + ":" + sipPort + (options.transport.equals("tcp") ? ";transport=tcp" : "");
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

    /** The last lines of baresip's output, for assertion messages. */
    String tail() {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            long size = Files.size(log);
            byte[] bytes;
            try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                int n = (int) Math.min(size, 6000);
                bytes = new byte[n];
                f.seek(size - n);
                f.readFully(bytes);
            }
            String text = clean(new String(bytes, StandardCharsets.UTF_8));
            return "\n--- baresip " + options.name + " log tail (" + log + ") ---\n"
                + (text.length() > 3000 ? text.substring(text.length() - 3000) : text);
        } catch (IOException e) {
            return "\n(no baresip log: " + e + ")";
        }
    }

    private static String clean(String s) {
        return ANSI.matcher(s).replaceAll("").replace("\r", "\n").replaceAll("\n{3,}", "\n\n");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops baresip (SIGTERM: it hangs up and unregisters, given 5 s; then SIGKILL) and the ear. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Processes.stop(process, 5);
        try {
            if (ctrl != null) {
                ctrl.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
        stopEar();
        if (fifo != null) {
            // a FIFO left behind blocks whoever opens it: Pax Exam's cleanup of karaf.data would hang on it for ever
            try {
                Files.deleteIfExists(fifo);
            } catch (IOException e) {
                // left: nothing else to do
            }
        }
    }

    private void stopEar() {
        closed = true;
        if (earThread == null || !earThread.isAlive()) {
            return;
        }
        // the ear may wait in open() for a writer that will not come: be that writer, from a thread of its own,
        // since opening a FIFO to write waits for a reader too
        Thread unblock = new Thread(() -> {
            try (OutputStream o = new FileOutputStream(fifo.toFile())) {
                o.flush();
            } catch (IOException e) {
                // gone
            }
        }, "baresip-ear-close-" + options.name);
        unblock.setDaemon(true);
        unblock.start();
        try {
            earThread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "baresip " + options.name + " (" + aor() + ", SIP " + options.transport + " " + options.localIp + ":" + sipPort
            + ", RTP " + rtpMin + "-" + rtpMax + ")";
    }
}
