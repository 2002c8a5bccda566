// Longer than ~600 lines: MediaStore keeps recordings, prompts, IVR menus and business calendars of every tenant
// behind one storage root, one path policy and one retention job; the media service, the call engine and the IVR all
// read through it. Its sections (recording policy, recordings, prompts, IVR menus, business calendar) are the seams a
// later split would follow.
package io.seatline.telephony.internal.media;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.seatline.core.ConflictException;
import io.seatline.core.NotFoundException;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.telephony.BusinessCalendar;
import io.seatline.telephony.IvrMenu;
import io.seatline.telephony.IvrNode;
import io.seatline.telephony.MediaFile;
import io.seatline.telephony.MediaService;
import io.seatline.telephony.Prompt;
import io.seatline.telephony.Recording;
import io.seatline.telephony.RecordingPolicy;
import io.seatline.telephony.TransferTarget;
import io.seatline.telephony.internal.Ids;
import io.seatline.telephony.internal.entity.IvrMenuEntity;
import io.seatline.telephony.internal.entity.MediaPolicyEntity;
import io.seatline.telephony.internal.entity.PromptEntity;
import io.seatline.telephony.internal.entity.RecordingEntity;
import io.seatline.telephony.internal.ivr.IvrValidator;
import io.seatline.telephony.internal.media.Wav;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Media data of every tenant: recording policies, recordings and voicemails (rows and WAV files), prompts, IVR
 * menus and business calendars, with the caches the call engine reads while calls run.
 */
public final class MediaStore implements MediaService {
    /** Telephony, which owns the media store (published as a service for {@link MediaServiceComponent}). */
    public interface Holder {
        MediaStore mediaStore();
    }

    /** What the store needs from the live side (the call engine on the tenants' actors). */
    public interface Live {
        void record(String tenant, String callId, boolean on);

        void supervise(String tenant, String callId, String supervisorUserId, String mode);

        void stopSupervising(String tenant, String callId, String supervisorUserId);

        void addParty(String tenant, String callId, TransferTarget target);

        boolean queueExists(String tenant, String queue);

        /** File provisioning: creates a queue an imported menu names, with default settings, if it is missing. */
        void ensureQueue(String tenant, String queue);

        String tenantZone(String tenant);

        String tenantLocale(String tenant);

        void audit(String action, String target, String detail);

        Map<String, Object> relayStatus();
    }

    public static final Pattern PROMPT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    public static final Pattern MENU_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    public static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    static final Set<String> MODES = Set.of("ALL", "NONE", "ON_DEMAND", "SAMPLE");
    private static final Set<String> NODE_TYPES = Set.of("play", "menu", "collect", "branch", "hours", "queue", "goto", "voicemail", "hangup");
    /** prompts that exist without an upload (built-in resources or generated) */
    static final Set<String> BUILT_IN = Set.of("default", "music", "beep", "silence", "survey", "survey-thanks", "invalid", "goodbye",
        "voicemail", "night", "queue-position", "queue-wait", "minutes", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
        "hotline-welcome", "operator");
    private static final Logger LOG = LoggerFactory.getLogger(MediaStore.class);
    private static final io.seatline.core.CallContext SYSTEM = io.seatline.core.CallContext.operator("telephony");

    private final Jpa jpa;
    private final Path recordingsDir;
    private final Path promptsDir;
    private final Live live;
    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Map<String, RecordingPolicy> policies = new ConcurrentHashMap<>();
    private final Map<String, BusinessCalendar> calendars = new ConcurrentHashMap<>();
    private final Map<String, IvrMenu> menus = new ConcurrentHashMap<>();
    private final Map<String, short[]> prompts = new ConcurrentHashMap<>();
    public volatile Clock clock = Clock.systemUTC();

    public MediaStore(Jpa jpa, Path recordingsDir, Path promptsDir, Live live) throws IOException {
        this.jpa = jpa;
        this.recordingsDir = Files.createDirectories(recordingsDir);
        this.promptsDir = Files.createDirectories(promptsDir);
        this.live = live;
    }

    /** Loads policies, calendars and menus of every tenant (operator work at start). */
    public void load(EntityManager em) {
        for (MediaPolicyEntity p : em.createQuery("select p from MediaPolicyEntity p", MediaPolicyEntity.class).getResultList()) {
            policies.put(p.getTenantId(), new RecordingPolicy(p.recordingMode, p.samplePercent, p.retentionDays, p.stereo));
            if (p.calendarJson != null) {
                try {
                    calendars.put(p.getTenantId(), json.readValue(p.calendarJson, BusinessCalendar.class));
                } catch (IOException e) {
                    LOG.warn("calendar of {} unreadable: {}", p.getTenantId(), e.toString());
                }
            }
        }
        for (IvrMenuEntity m : em.createQuery("select m from IvrMenuEntity m", IvrMenuEntity.class).getResultList()) {
            try {
                menus.put(m.getTenantId() + "/" + m.name, withUpdated(json.readValue(m.definition, IvrMenu.class), m.updatedAt));
            } catch (IOException e) {
                LOG.warn("IVR menu {} of {} unreadable: {}", m.name, m.getTenantId(), e.toString());
            }
        }
    }

    /**
     * Imports {@code tenants/<tenant>/prompts/*.wav} (when the tenant has no prompt of that name yet) and
     * {@code tenants/<tenant>/ivr/*.json} (when newer than the stored menu) for one tenant, in its context.
     */
    public void importTenantFiles(Path tenantDir) {
        Path promptDir = tenantDir.resolve("prompts");
        if (Files.isDirectory(promptDir)) {
            try (Stream<Path> files = Files.list(promptDir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".wav")).sorted().toList()) {
                    String name = f.getFileName().toString().replaceAll("\\.wav$", "");
                    if (jpa.tenant(em -> promptRow(em, name)) == null) {
                        uploadPrompt(name, Files.readAllBytes(f));
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("prompts of {} not imported: {}", tenantDir, e.toString());
            }
        }
        Path ivrDir = tenantDir.resolve("ivr");
        if (Files.isDirectory(ivrDir)) {
            try (Stream<Path> files = Files.list(ivrDir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    IvrMenu read = json.readValue(f.toFile(), IvrMenu.class);
                    // the file's name is the menu's name (hotline.json is "hotline")
                    IvrMenu m = new IvrMenu(f.getFileName().toString().replaceAll("\\.json$", ""), read.start(), read.nodes(), null);
                    if (m.nodes() != null) {
                        m.nodes().values().stream().filter(n -> n != null && "queue".equals(n.type()) && n.queue() != null)
                            .forEach(n -> live.ensureQueue(TenantContext.requireTenant(), n.queue()));
                    }
                    IvrMenu stored = menu(TenantContext.requireTenant(), m.name());
                    if (stored == null || stored.updatedAt() == null || Files.getLastModifiedTime(f).toInstant().isAfter(stored.updatedAt())) {
                        saveMenu(m);
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("IVR menus of {} not imported: {}", tenantDir, e.toString());
            }
        }
    }

    // =================================================================== recording policy

    public RecordingPolicy policy(String tenant) {
        return policies.getOrDefault(tenant, RecordingPolicy.DEFAULT);
    }

    @Override
    public RecordingPolicy recordingPolicy() {
        return policy(TenantContext.requireTenant());
    }

    @Override
    public RecordingPolicy setRecordingPolicy(RecordingPolicy p) {
        String tenant = TenantContext.requireTenant();
        if (p == null) {
            throw new ValidationException("required", "a policy is required", "mode");
        }
        RecordingPolicy old = policy(tenant);
        String mode = p.mode() == null ? old.mode() : p.mode().trim().toUpperCase(Locale.ROOT);
        if (!MODES.contains(mode)) {
            throw new ValidationException("invalid_mode", "mode must be one of ALL, NONE, ON_DEMAND, SAMPLE", "mode");
        }
        int pct = p.samplePercent() == null ? old.samplePercent() : p.samplePercent();
        if (pct < 1 || pct > 100) {
            throw new ValidationException("out_of_range", "samplePercent must be 1-100", "samplePercent");
        }
        int days = p.retentionDays() == null ? old.retentionDays() : p.retentionDays();
        if (days < 1 || days > 3650) {
            throw new ValidationException("out_of_range", "retentionDays must be 1-3650", "retentionDays");
        }
        boolean stereo = p.stereo() == null ? old.stereo() : p.stereo();
        RecordingPolicy saved = new RecordingPolicy(mode, pct, days, stereo);
        jpa.tenant(em -> {
            MediaPolicyEntity e = policyRow(em, tenant);
            e.recordingMode = mode;
            e.samplePercent = pct;
            e.retentionDays = days;
            e.stereo = stereo;
            e.updatedAt = Instant.now();
            return null;
        });
        policies.put(tenant, saved);
        live.audit("recording.policy", tenant, saved.toString());
        return saved;
    }

    private MediaPolicyEntity policyRow(EntityManager em, String tenant) {
        MediaPolicyEntity e = Jpa.find(em, MediaPolicyEntity.class, tenant);
        if (e == null) {
            RecordingPolicy d = RecordingPolicy.DEFAULT;
            e = new MediaPolicyEntity();
            e.id = tenant;
            e.setTenantId(tenant);
            e.recordingMode = d.mode();
            e.samplePercent = d.samplePercent();
            e.retentionDays = d.retentionDays();
            e.stereo = d.stereo();
            e.updatedAt = Instant.now();
            em.persist(e);
        }
        return e;
    }

    // =================================================================== recordings

    /** Where a new recording of {@code callId} goes: recordings/<tenant>/<yyyy>/<mm>/<dd>/<callId>[-n].wav, never an existing file. */
    public Path newRecordingPath(String tenant, String callId, String suffix) throws IOException {
        LocalDate d = LocalDate.now(java.time.ZoneOffset.UTC);
        Path dir = Files.createDirectories(recordingsDir.resolve(tenant).resolve(Integer.toString(d.getYear()))
            .resolve(String.format("%02d", d.getMonthValue())).resolve(String.format("%02d", d.getDayOfMonth())));
        Path p = dir.resolve(callId + suffix + ".wav");
        for (int i = 2; Files.exists(p); i++) {
            p = dir.resolve(callId + suffix + "-" + i + ".wav");
        }
        return p;
    }

    public String relative(Path p) {
        return recordingsDir.relativize(p).toString();
    }

    /** The file of a recording path as {@link #relative} gave it, or null if it would lie outside the recordings directory. */
    public Path resolveRecording(String relative) {
        Path p = recordingsDir.resolve(relative).normalize();
        return p.startsWith(recordingsDir) ? p : null;
    }

    public Instant expiry(String tenant, Instant started) {
        return started.plus(policy(tenant).retentionDays(), ChronoUnit.DAYS);
    }

    @Override
    public List<Recording> recordings(Instant from, Instant to, String agentUserId, String callId, String kind, String mailbox, int offset, int limit) {
        TenantContext.requireTenant();
        if (offset < 0) {
            throw new ValidationException("out_of_range", "offset must be >= 0", "offset");
        }
        if (limit < 1 || limit > 1000) {
            throw new ValidationException("out_of_range", "limit must be 1-1000", "limit");
        }
        return jpa.tenant(em -> {
            Jpa.Where w = new Jpa.Where("r").atLeast("startedAt", from).before("startedAt", to).eq("agentUserId", agentUserId)
                .eq("callId", callId).eq("kind", kind == null ? null : kind.toUpperCase(Locale.ROOT)).eq("mailbox", mailbox);
            TypedQuery<RecordingEntity> tq = w.bind(em.createQuery("select r from RecordingEntity r" + w.where()
                + " order by r.startedAt desc, r.id desc", RecordingEntity.class));
            return tq.setFirstResult(offset).setMaxResults(limit).getResultList().stream().map(MediaStore::recording).toList();
        });
    }

    @Override
    public Recording recording(String id) {
        TenantContext.requireTenant();
        return jpa.tenant(em -> recording(Jpa.get(em, RecordingEntity.class, id, "recording")));
    }

    /** One listening is audited once: the player's requests (audio, waveform) and a replay within a minute are one. */
    private static final io.seatline.core.Debounce PLAYS = new io.seatline.core.Debounce(java.time.Duration.ofMinutes(1));

    @Override
    public MediaFile recordingFile(String id, boolean played) {
        String tenant = TenantContext.requireTenant();
        RecordingEntity r = jpa.tenant(em -> Jpa.get(em, RecordingEntity.class, id, "recording"));
        Path p = recordingsDir.resolve(r.filePath).normalize();
        if (!p.startsWith(recordingsDir) || !Files.isRegularFile(p)) {
            throw new NotFoundException("not_found", "the file of recording '" + id + "' is missing");
        }
        try {
            MediaFile f = new MediaFile(p, Files.size(p), r.callId + ("VOICEMAIL".equals(r.kind) ? "-voicemail" : "") + ".wav");
            if (played && PLAYS.first(TenantContext.current().principal() + "|" + id)) {
                live.audit("recording.play", id, "tenant " + tenant + ", call " + r.callId);
            }
            return f;
        } catch (IOException e) {
            throw new NotFoundException("not_found", "the file of recording '" + id + "' cannot be read");
        }
    }

    @Override
    public void deleteRecording(String id) {
        String tenant = TenantContext.requireTenant();
        RecordingEntity r = jpa.tenant(em -> {
            RecordingEntity e = Jpa.get(em, RecordingEntity.class, id, "recording");
            em.remove(e);
            // the call's record stays, saying its recording was deleted (not pointing at one that is gone)
            Jpa.bulk(em, "update CdrEntity c set c.recordingId = null, c.recordingStatus = 'DELETED' where c.recordingId = :r").setParameter("r", id)
                .executeUpdate();
            return e;
        });
        deleteFile(r);
        live.audit("recording.delete", id, "tenant " + tenant + ", call " + r.callId);
    }

    private void deleteFile(RecordingEntity r) {
        try {
            Files.deleteIfExists(recordingsDir.resolve(r.filePath).normalize());
        } catch (IOException e) {
            LOG.warn("recording file {} not deleted: {}", r.filePath, e.toString());
        }
    }

    @Override
    public int purgeExpired() {
        TenantContext.requireOperator();
        Instant now = Instant.now();
        List<RecordingEntity> expired = jpa.operator(em -> {
            List<RecordingEntity> rows = em.createQuery("select r from RecordingEntity r where r.expiresAt < :now", RecordingEntity.class)
                .setParameter("now", now).setMaxResults(10000).getResultList();
            rows.forEach(em::remove);
            List<String> ids = rows.stream().map(r -> r.id).toList();
            for (int i = 0; i < ids.size(); i += 500) {
                em.createQuery("select c from CdrEntity c where c.recordingId in :ids", io.seatline.telephony.internal.entity.CdrEntity.class)
                    .setParameter("ids", ids.subList(i, Math.min(ids.size(), i + 500))).getResultList().forEach(c -> {
                        c.recordingId = null;
                        c.recordingStatus = "EXPIRED";
                    });
            }
            return rows;
        });
        expired.forEach(this::deleteFile);
        if (!expired.isEmpty()) {
            live.audit("recording.retention", "*", expired.size() + " recordings past retention deleted");
        }
        return expired.size();
    }

    static Recording recording(RecordingEntity r) {
        return new Recording(r.id, r.getTenantId(), r.callId, r.kind, r.reason, r.agentUserId, r.agentLogin, r.queueName, r.fromParty,
            r.toParty, r.mailbox, r.startedAt, r.durationMs, r.sizeBytes, r.channels, r.expiresAt);
    }

    // =================================================================== prompts

    @Override
    public Prompt uploadPrompt(String name, byte[] wav) {
        String tenant = TenantContext.requireTenant();
        if (name == null || !PROMPT_NAME.matcher(name).matches()) {
            throw new ValidationException("invalid_name", "prompt name must be 1-64 letters, digits, '_', '.' or '-'", "name");
        }
        if (wav == null || wav.length == 0) {
            throw new ValidationException("invalid_audio", "the prompt file is empty", "file");
        }
        if (wav.length > 20 * 1024 * 1024) {
            throw new ValidationException("too_large", "a prompt file is at most 20 MB", "file");
        }
        short[] samples;
        try {
            samples = Wav.decode(wav);
        } catch (Wav.BadAudioException e) {
            throw new ValidationException("invalid_audio", e.getMessage(), "file");
        }
        if (samples.length < 80) {
            throw new ValidationException("invalid_audio", "the prompt is shorter than 10 ms", "file");
        }
        if (samples.length > 8000 * 600) {
            throw new ValidationException("too_long", "a prompt is at most 10 minutes", "file");
        }
        Path file;
        try {
            Path dir = Files.createDirectories(promptsDir.resolve(tenant));
            file = dir.resolve(name + "-" + Ids.next() + ".wav");
            Files.write(file, Wav.encode(samples), StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw new IllegalStateException("cannot store prompt: " + e.getMessage(), e);
        }
        long ms = samples.length / 8L;
        String[] oldPath = new String[1];
        Prompt saved = jpa.tenant(em -> {
            PromptEntity p = promptRow(em, name);
            boolean created = p == null;
            if (created) {
                p = new PromptEntity();
                p.id = Ids.next();
                p.setTenantId(tenant);
                p.name = name;
            } else {
                oldPath[0] = p.filePath;
            }
            p.filePath = promptsDir.relativize(file).toString();
            p.durationMs = ms;
            p.uploadedAt = Instant.now();
            if (created) {
                em.persist(p); // filled first: Hibernate checks not-null columns at persist
            }
            return new Prompt(name, ms, p.uploadedAt, false);
        });
        if (oldPath[0] != null) {
            try {
                Files.deleteIfExists(promptsDir.resolve(oldPath[0]));
            } catch (IOException e) {
                LOG.debug("old prompt file not deleted: {}", e.toString());
            }
        }
        prompts.put(tenant + "/" + name, samples);
        live.audit("prompt.upload", name, "tenant " + tenant + ", " + ms + " ms");
        return saved;
    }

    private static PromptEntity promptRow(EntityManager em, String name) {
        return Jpa.named(em, PromptEntity.class, name).orElse(null);
    }

    @Override
    public List<Prompt> prompts() {
        TenantContext.requireTenant();
        List<Prompt> out = new ArrayList<>(jpa.tenant(em -> em.createQuery("select p from PromptEntity p order by p.name", PromptEntity.class)
            .getResultList().stream().map(p -> new Prompt(p.name, p.durationMs, p.uploadedAt, false)).toList()));
        for (String b : BUILT_IN.stream().sorted().toList()) {
            if (out.stream().noneMatch(p -> p.name().equals(b))) {
                short[] s = SystemPrompts.get(b, "en");
                out.add(new Prompt(b, s == null ? 0 : s.length / 8L, null, true));
            }
        }
        return out;
    }

    @Override
    public MediaFile promptFile(String name) {
        String tenant = TenantContext.requireTenant();
        PromptEntity p = jpa.tenant(em -> promptRow(em, name));
        if (p == null) {
            short[] s = SystemPrompts.get(name, live.tenantLocale(tenant));
            if (s == null) {
                throw new NotFoundException("not_found", "prompt '" + name + "' not found");
            }
            try {
                Path f = Files.createDirectories(promptsDir.resolve("_builtin")).resolve(name + "-" + live.tenantLocale(tenant) + ".wav");
                if (!Files.exists(f)) {
                    Path tmp = Files.createTempFile(f.getParent(), name, ".tmp");
                    Files.write(tmp, Wav.encode(s));
                    Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                return new MediaFile(f, Files.size(f), name + ".wav");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        Path f = promptsDir.resolve(p.filePath);
        try {
            return new MediaFile(f, Files.size(f), name + ".wav");
        } catch (IOException e) {
            throw new NotFoundException("not_found", "the file of prompt '" + name + "' is missing");
        }
    }

    @Override
    public void deletePrompt(String name) {
        String tenant = TenantContext.requireTenant();
        for (IvrMenu m : menus()) {
            for (Map.Entry<String, IvrNode> n : m.nodes().entrySet()) {
                if (name.equals(n.getValue().prompt()) || name.equals(n.getValue().invalidPrompt())) {
                    throw new ConflictException("prompt_in_use", "prompt '" + name + "' is used by IVR menu " + m.name() + " node " + n.getKey(), "name");
                }
            }
        }
        PromptEntity p = jpa.tenant(em -> {
            PromptEntity e = promptRow(em, name);
            if (e == null) {
                throw new NotFoundException("not_found", "prompt '" + name + "' not found");
            }
            em.remove(e);
            return e;
        });
        prompts.remove(tenant + "/" + name);
        try {
            Files.deleteIfExists(promptsDir.resolve(p.filePath));
        } catch (IOException e) {
            LOG.debug("prompt file not deleted: {}", e.toString());
        }
        live.audit("prompt.delete", name, "tenant " + tenant);
    }

    /** The samples of a prompt for a call of {@code tenant}: its own upload, else the built-in one in its language. */
    public short[] audio(String tenant, String name) {
        if (name == null) {
            return null;
        }
        short[] s = prompts.get(tenant + "/" + name);
        if (s != null) {
            return s;
        }
        PromptEntity p = TenantContext.call(SYSTEM.withTenant(tenant),
            () -> jpa.tenant(em -> promptRow(em, name)));
        if (p != null) {
            try {
                s = Wav.decode(Files.readAllBytes(promptsDir.resolve(p.filePath)));
                prompts.put(tenant + "/" + name, s);
                return s;
            } catch (IOException | RuntimeException e) {
                LOG.warn("prompt {} of {} unreadable: {}", name, tenant, e.toString());
            }
        }
        return SystemPrompts.get(name, live.tenantLocale(tenant));
    }

    private boolean promptExists(EntityManager em, String tenant, String name) {
        return BUILT_IN.contains(name) || promptRow(em, name) != null;
    }

    // =================================================================== IVR menus

    public IvrMenu menu(String tenant, String name) {
        return name == null ? null : menus.get(tenant + "/" + name);
    }

    public IvrMenuEntity menuEntity(EntityManager em, String name) {
        return Jpa.named(em, IvrMenuEntity.class, name).orElse(null);
    }

    @Override
    public IvrMenu saveMenu(IvrMenu menu) {
        String tenant = TenantContext.requireTenant();
        IvrMenu saved = jpa.tenant(em -> {
            Map<String, IvrMenu> all = new LinkedHashMap<>();
            for (IvrMenuEntity e : em.createQuery("select m from IvrMenuEntity m", IvrMenuEntity.class).getResultList()) {
                IvrMenu m = menu(tenant, e.name);
                if (m != null) {
                    all.put(e.name, m);
                }
            }
            IvrValidator.validate(menu, all, q -> live.queueExists(tenant, q), p -> promptExists(em, tenant, p));
            IvrMenuEntity e = menuEntity(em, menu.name());
            boolean created = e == null;
            if (created) {
                e = new IvrMenuEntity();
                e.id = Ids.next();
                e.setTenantId(tenant);
                e.name = menu.name();
            }
            e.updatedAt = Instant.now();
            try {
                e.definition = json.writeValueAsString(new IvrMenu(menu.name(), menu.start(), menu.nodes(), null));
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
            if (created) {
                em.persist(e); // filled first: Hibernate checks not-null columns at persist
            }
            return new IvrMenu(menu.name(), menu.start(), menu.nodes(), e.updatedAt);
        });
        menus.put(tenant + "/" + saved.name(), saved);
        live.audit("ivr.save", saved.name(), "tenant " + tenant + ", " + saved.nodes().size() + " nodes");
        return saved;
    }

    @Override
    public List<IvrMenu> menus() {
        String tenant = TenantContext.requireTenant();
        return jpa.tenant(em -> em.createQuery("select m from IvrMenuEntity m order by m.name", IvrMenuEntity.class).getResultList()
            .stream().map(e -> menu(tenant, e.name)).filter(java.util.Objects::nonNull).toList());
    }

    @Override
    public IvrMenu menu(String name) {
        String tenant = TenantContext.requireTenant();
        IvrMenu m = jpa.tenant(em -> menuEntity(em, name)) == null ? null : menu(tenant, name);
        if (m == null) {
            throw new NotFoundException("not_found", "IVR menu '" + name + "' not found");
        }
        return m;
    }

    @Override
    public void deleteMenu(String name) {
        String tenant = TenantContext.requireTenant();
        for (IvrMenu m : menus()) {
            if (!m.name().equals(name) && m.nodes().values().stream().anyMatch(n -> name.equals(n.menu()))) {
                throw new ConflictException("menu_in_use", "IVR menu '" + name + "' is the target of a goto in menu " + m.name(), "name");
            }
        }
        jpa.tenant(em -> {
            IvrMenuEntity e = menuEntity(em, name);
            if (e == null) {
                throw new NotFoundException("not_found", "IVR menu '" + name + "' not found");
            }
            Long dids = em.createQuery("select count(d) from DidEntity d where d.ivrMenu = :n", Long.class).setParameter("n", name).getSingleResult();
            if (dids > 0) {
                throw new ConflictException("menu_in_use", "IVR menu '" + name + "' is the entry of " + dids + " DID(s)", "name");
            }
            em.remove(e);
            return null;
        });
        menus.remove(tenant + "/" + name);
        live.audit("ivr.delete", name, "tenant " + tenant);
    }

    private static IvrMenu withUpdated(IvrMenu m, Instant at) {
        return new IvrMenu(m.name(), m.start(), m.nodes(), at);
    }

    // =================================================================== business calendar

    BusinessCalendar calendar(String tenant) {
        return calendars.getOrDefault(tenant, BusinessCalendar.DEFAULT);
    }

    @Override
    public BusinessCalendar calendar() {
        return calendar(TenantContext.requireTenant());
    }

    @Override
    public BusinessCalendar setCalendar(BusinessCalendar c) {
        String tenant = TenantContext.requireTenant();
        if (c == null) {
            throw new ValidationException("required", "a calendar is required", "weekly");
        }
        if (c.timezone() != null) {
            try {
                ZoneId.of(c.timezone());
            } catch (RuntimeException e) {
                throw new ValidationException("invalid_timezone", "unknown timezone '" + c.timezone() + "'", "timezone");
            }
        }
        Map<String, List<String>> weekly = c.weekly() == null ? Map.of() : c.weekly();
        for (Map.Entry<String, List<String>> d : weekly.entrySet()) {
            if (day(d.getKey()) == null) {
                throw new ValidationException("invalid_day", "weekly keys are MON..SUN, not '" + d.getKey() + "'", "weekly." + d.getKey());
            }
            for (String range : d.getValue() == null ? List.<String>of() : d.getValue()) {
                if (range(range) == null) {
                    throw new ValidationException("invalid_hours", "'" + range + "' is not a range like 09:00-18:00", "weekly." + d.getKey());
                }
            }
        }
        BusinessCalendar saved = new BusinessCalendar(c.timezone(), weekly, c.holidays() == null ? List.of() : c.holidays());
        jpa.tenant(em -> {
            MediaPolicyEntity e = policyRow(em, tenant);
            try {
                e.calendarJson = json.writeValueAsString(saved);
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
            e.updatedAt = Instant.now();
            return null;
        });
        calendars.put(tenant, saved);
        live.audit("calendar.save", tenant, weekly.size() + " days, " + saved.holidays().size() + " holidays");
        return saved;
    }

    /** Whether the tenant's centre is open now (by its calendar, in its timezone, on the injectable clock). */
    public boolean open(String tenant) {
        BusinessCalendar c = calendar(tenant);
        String zone = c.timezone() != null ? c.timezone() : live.tenantZone(tenant);
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(zone == null ? java.time.ZoneOffset.UTC : ZoneId.of(zone));
        if (c.holidays() != null && c.holidays().contains(now.toLocalDate())) {
            return false;
        }
        for (Map.Entry<String, List<String>> d : (c.weekly() == null ? Map.<String, List<String>>of() : c.weekly()).entrySet()) {
            if (day(d.getKey()) != now.getDayOfWeek() || d.getValue() == null) {
                continue;
            }
            for (String r : d.getValue()) {
                LocalTime[] t = range(r);
                if (t != null && !now.toLocalTime().isBefore(t[0]) && now.toLocalTime().isBefore(t[1])) {
                    return true;
                }
            }
        }
        return false;
    }

    private static DayOfWeek day(String key) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).equalsIgnoreCase(key)) {
                return d;
            }
        }
        return null;
    }

    private static LocalTime[] range(String r) {
        if (r == null || !r.matches("\\d{2}:\\d{2}-\\d{2}:\\d{2}")) {
            return null;
        }
        try {
            LocalTime a = LocalTime.parse(r.substring(0, 5));
            LocalTime b = r.substring(6).equals("24:00") ? LocalTime.MAX : LocalTime.parse(r.substring(6));
            return a.isBefore(b) ? new LocalTime[] {a, b} : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    // =================================================================== live calls

    @Override
    public void record(String callId, boolean on) {
        live.record(TenantContext.requireTenant(), callId, on);
    }

    @Override
    public void supervise(String callId, String supervisorUserId, String mode) {
        live.supervise(TenantContext.requireTenant(), callId, supervisorUserId, mode);
    }

    @Override
    public void stopSupervising(String callId, String supervisorUserId) {
        live.stopSupervising(TenantContext.requireTenant(), callId, supervisorUserId);
    }

    @Override
    public void addParty(String callId, TransferTarget target) {
        live.addParty(TenantContext.requireTenant(), callId, target);
    }

    @Override
    public Map<String, Object> status() {
        TenantContext.requireOperator();
        return live.relayStatus();
    }

}
