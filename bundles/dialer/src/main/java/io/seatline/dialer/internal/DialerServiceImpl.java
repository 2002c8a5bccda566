package io.seatline.dialer.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.seatline.core.CallContext;
import io.seatline.core.TenantContext;
import io.seatline.dialer.Campaign;
import io.seatline.dialer.CampaignSpec;
import io.seatline.dialer.CampaignStats;
import io.seatline.dialer.Contact;
import io.seatline.dialer.ContactList;
import io.seatline.dialer.DialerService;
import io.seatline.dialer.Disposition;
import io.seatline.dialer.DispositionRequest;
import io.seatline.dialer.DncEntry;
import io.seatline.dialer.ImportReport;
import io.seatline.dialer.PacingStrategy;
import io.seatline.dialer.internal.entity.CampaignEntity;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import io.seatline.telephony.AcdService;
import io.seatline.telephony.CallService;
import io.seatline.telephony.MediaService;
import io.seatline.telephony.TelephonyEvents;
import io.seatline.tenancy.UserService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.persistence.EntityManagerFactory;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dialer: campaigns, lists and their import, DNC, dispositions and callbacks in the database; running campaigns
 * live here. Once a second each running campaign looks at its agents (from the ACD), its calls in flight and its
 * estimates, asks its pacing strategy how many calls to launch, picks that many callable contacts (the dial-time
 * rules are checked again for each) and originates them through telephony to the campaign's queue. Telephony's call
 * events tell it what became of each call.
 */
@Component(immediate = true, configurationPid = "seatline.dialer", configurationPolicy = ConfigurationPolicy.OPTIONAL,
    service = {DialerService.class, EventHandler.class, DialerServiceImpl.class},
    property = EventConstants.EVENT_TOPIC + "=" + TelephonyEvents.CALL_TOPIC + "*")
@Designate(ocd = DialerConfig.class)
public class DialerServiceImpl implements DialerService, EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DialerServiceImpl.class);
    static final CallContext SYSTEM = CallContext.operator("dialer");
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    static final Set<String> ACTIONS = Set.of("DONE", "CALLBACK", "MACHINE", "RETRY", "DNC");
    static final List<Disposition> DEFAULT_DISPOSITIONS = List.of(new Disposition("sale", "Sale / 成交", "DONE"),
        new Disposition("callback", "Callback / 预约回拨", "CALLBACK"), new Disposition("not_interested", "Not interested / 不感兴趣", "DONE"),
        new Disposition("wrong_number", "Wrong number / 号码错误", "DONE"), new Disposition("dnc", "Do not call / 勿扰", "DNC"),
        new Disposition("answering_machine", "Answering machine / 答录机", "MACHINE"), new Disposition("no_decision", "Call again / 再联系", "RETRY"));
    /** Contact statuses that may be dialled (when due). */
    static final List<String> CALLABLE = List.of("NEW", "RETRY", "CALLBACK");

    @Reference(target = "(osgi.unit.name=seatline-dialer)")
    private EntityManagerFactory emf;
    /**
     * Telephony's services, optional and dynamic: when the telephony runtime restarts (a drained restart of its SIP
     * listener, a bundle update) the dialer keeps running — campaigns wait ("telephony_unavailable") and imports go on.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CallService calls;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AcdService acd;
    @Reference
    UserService users;
    /** the tenant's record for this capability's own work (trusted internal read, no permission) */
    @Reference
    io.seatline.tenancy.TenantDirectory directory;
    @Reference
    AuditService audit;
    @Reference
    EventAdmin eventAdmin;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile MediaService media;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, target = "(seatline.clock=true)")
    volatile Clock injectedClock;

    final Map<ServiceReference<PacingStrategy.Factory>, PacingStrategy.Factory> plugins = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindPacing(PacingStrategy.Factory f, ServiceReference<PacingStrategy.Factory> ref) {
        plugins.put(ref, f);
        LOG.info("Pacing strategy {} available for tenant {}", f.name(), ref.getProperty(PacingStrategy.TENANT_ID));
    }

    void unbindPacing(PacingStrategy.Factory f, ServiceReference<PacingStrategy.Factory> ref) {
        plugins.remove(ref);
    }

    Jpa jpa;
    volatile DialerConfig cfg;
    private java.util.concurrent.ScheduledFuture<?> pacing;
    private CampaignsPart campaignsPart;
    private PacingPart pacingPart;
    private DispositionsPart dispositionsPart;
    private CallbacksPart callbacksPart;
    private ListsPart listsPart;
    private DncPart dncPart;

    ScheduledExecutorService ticker;
    /** Applies call outcomes in the order telephony published them. */
    ExecutorService outcomes;
    ExecutorService imports;
    final Map<String, CampaignRun> running = new ConcurrentHashMap<>();
    /** Stopped or paused campaigns whose calls are still in flight. */
    final Map<String, CampaignRun> finishing = new ConcurrentHashMap<>();
    final Map<String, ImportReport> reports = new ConcurrentHashMap<>();
    volatile Instant lastTick;

    @Activate
    void activate(DialerConfig config) {
        cfg = config;
        jpa = new Jpa(emf);
        ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "seatline-dialer-pacing"));
        outcomes = Executors.newSingleThreadExecutor(r -> daemon(r, "seatline-dialer-outcomes"));
        imports = Executors.newSingleThreadExecutor(r -> daemon(r, "seatline-dialer-import"));
        campaignsPart = new CampaignsPart(this);
        pacingPart = new PacingPart(this);
        dispositionsPart = new DispositionsPart(this);
        callbacksPart = new CallbacksPart(this, dispositionsPart);
        listsPart = new ListsPart(this);
        dncPart = new DncPart(this);
        // campaigns that were running when the node stopped run again
        List<CampaignEntity> live = TenantContext.call(SYSTEM, () -> jpa.operator(em -> em.createQuery(
            "select c from CampaignEntity c where c.status = 'RUNNING'", CampaignEntity.class).getResultList()));
        for (CampaignEntity c : live) {
            try {
                TenantContext.run(SYSTEM.withTenant(c.getTenantId()), () -> running.put(c.id, campaignsPart.newRun(c)));
            } catch (RuntimeException e) {
                LOG.warn("Campaign {} of {} cannot resume: {}", c.name, c.getTenantId(), e.getMessage());
            }
        }
        pacing = ticker.scheduleWithFixedDelay(pacingPart::tickAll, cfg.tick_ms(), cfg.tick_ms(), TimeUnit.MILLISECONDS);
    }

    /**
     * etc/seatline.dialer.cfg edited: the pacing period and the ringing cap apply from the next tick; running
     * campaigns, their calls and imports in progress are untouched.
     */
    @Modified
    synchronized void modified(DialerConfig config) {
        DialerConfig before = cfg;
        cfg = config;
        if (before.tick_ms() != config.tick_ms()) {
            pacing.cancel(false);
            pacing = ticker.scheduleWithFixedDelay(pacingPart::tickAll, config.tick_ms(), config.tick_ms(), TimeUnit.MILLISECONDS);
        }
        LOG.info("seatline.dialer reconfigured without a restart: tick {} ms, at most {} ringing per agent", config.tick_ms(),
            config.max_ringing_per_agent());
    }

    @Deactivate
    void deactivate() {
        ticker.shutdownNow();
        outcomes.shutdown();
        imports.shutdownNow();
        try {
            outcomes.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running.clear();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    Instant now() {
        Clock c = injectedClock;
        return c == null ? Instant.now() : c.instant();
    }

    // =================================================================== the API, by part

    @Override
    public List<Campaign> campaigns() {
        return campaignsPart.campaigns();
    }

    @Override
    public Campaign campaign(String id) {
        return campaignsPart.campaign(id);
    }

    @Override
    public Campaign createCampaign(CampaignSpec spec) {
        return campaignsPart.createCampaign(spec);
    }

    @Override
    public Campaign updateCampaign(String id, CampaignSpec spec) {
        return campaignsPart.updateCampaign(id, spec);
    }

    @Override
    public void deleteCampaign(String id) {
        campaignsPart.deleteCampaign(id);
    }

    @Override
    public Campaign start(String id) {
        return campaignsPart.start(id);
    }

    @Override
    public Campaign pause(String id) {
        return campaignsPart.pause(id);
    }

    @Override
    public Campaign stop(String id) {
        return campaignsPart.stop(id);
    }

    @Override
    public Map<String, Long> abandonCounts(String campaignId, Instant from, Instant to) {
        return campaignsPart.abandonCounts(campaignId, from, to);
    }

    @Override
    public CampaignStats stats(String id) {
        return campaignsPart.stats(id);
    }

    @Override
    public void handleEvent(Event event) {
        pacingPart.handleEvent(event);
    }

    @Override
    public List<Disposition> dispositions() {
        return dispositionsPart.dispositions();
    }

    @Override
    public List<Disposition> saveDispositions(List<Disposition> codes) {
        return dispositionsPart.saveDispositions(codes);
    }

    @Override
    public Contact dispose(DispositionRequest r) {
        return dispositionsPart.dispose(r);
    }

    @Override
    public io.seatline.dialer.WrapUp wrapUp(io.seatline.dialer.WrapUpRequest r) {
        return callbacksPart.wrapUp(r);
    }

    @Override
    public List<io.seatline.dialer.Callback> callbacks(String agentUserId, boolean open) {
        return callbacksPart.callbacks(agentUserId, open);
    }

    @Override
    public io.seatline.dialer.Callback callbackDone(String id) {
        return callbacksPart.callbackDone(id);
    }

    @Override
    public List<Campaign> myCampaigns() {
        return dispositionsPart.myCampaigns();
    }

    @Override
    public Contact previewNext(String campaignId, String agentUserId) {
        return dispositionsPart.previewNext(campaignId, agentUserId);
    }

    @Override
    public String previewDial(String campaignId, String contactId, String agentUserId) {
        return dispositionsPart.previewDial(campaignId, contactId, agentUserId);
    }

    @Override
    public void previewSkip(String campaignId, String contactId, String agentUserId) {
        dispositionsPart.previewSkip(campaignId, contactId, agentUserId);
    }

    @Override
    public List<ContactList> lists(String campaignId) {
        return listsPart.lists(campaignId);
    }

    @Override
    public ContactList list(String listId) {
        return listsPart.list(listId);
    }

    @Override
    public ContactList setListStatus(String listId, String status) {
        return listsPart.setListStatus(listId, status);
    }

    @Override
    public ImportReport importCsv(String campaignId, String listName, byte[] csv, Map<String, String> mapping, String source) {
        return listsPart.importCsv(campaignId, listName, csv, mapping, source);
    }

    @Override
    public ImportReport importReport(String importId) {
        return listsPart.importReport(importId);
    }

    @Override
    public int recycle(String listId, List<String> outcomes) {
        return listsPart.recycle(listId, outcomes);
    }

    @Override
    public List<Contact> contacts(String listId, String status, int offset, int limit) {
        return listsPart.contacts(listId, status, offset, limit);
    }

    @Override
    public Contact contact(String contactId) {
        return listsPart.contact(contactId);
    }

    @Override
    public io.seatline.core.Page<DncEntry> dnc(String number, int offset, int limit) {
        return dncPart.dnc(number, offset, limit);
    }

    @Override
    public DncEntry addDnc(String phone, String reason) {
        return dncPart.addDnc(phone, reason);
    }

    @Override
    public void removeDnc(String phone) {
        dncPart.removeDnc(phone);
    }

    @Override
    public io.seatline.core.Page<DncEntry> operatorDnc(String number, int offset, int limit) {
        return dncPart.operatorDnc(number, offset, limit);
    }

    @Override
    public DncEntry addOperatorDnc(String phone, String reason) {
        return dncPart.addOperatorDnc(phone, reason);
    }

    @Override
    public void removeOperatorDnc(String phone) {
        dncPart.removeOperatorDnc(phone);
    }

    CampaignsPart campaignsPart() {
        return campaignsPart;
    }

    PacingPart pacingPart() {
        return pacingPart;
    }

    DispositionsPart dispositionsPart() {
        return dispositionsPart;
    }

    ListsPart listsPart() {
        return listsPart;
    }

    DncPart dncPart() {
        return dncPart;
    }

    // for the list drop route

    <T> T asTenant(String tenant, java.util.function.Supplier<T> work) {
        return listsPart.asTenant(tenant, work);
    }

    void whenImported(String importId, java.util.function.Consumer<ImportReport> then) {
        listsPart.whenImported(importId, then);
    }

    static String json(Object o) {
        return DialerPart.json(o);
    }
}
