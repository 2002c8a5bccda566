package io.seatline.dialer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The dialer of the tenant in context (fail closed: no tenant, no dialling). Admin changes are audited; starting,
 * pausing and stopping publish {@link DialerEvents#CAMPAIGN} events.
 */
public interface DialerService {

    List<Campaign> campaigns();

    Campaign campaign(String id);

    /** Creates a campaign; absurd settings are refused with the field named. */
    Campaign createCampaign(CampaignSpec spec);

    Campaign updateCampaign(String id, CampaignSpec spec);

    /** Only a STOPPED campaign can be deleted; its lists and history go with it. */
    void deleteCampaign(String id);

    /** RUNNING. Refused with a clear code when it has no agents or nothing it could ever dial. */
    Campaign start(String id);

    /** PAUSED: no new calls; calls in progress finish. */
    Campaign pause(String id);

    /** STOPPED: no new calls; calls in progress finish. */
    Campaign stop(String id);

    CampaignStats stats(String id);

    // ---------------------------------------------------------------- lists

    List<ContactList> lists(String campaignId);

    ContactList list(String listId);

    /** ACTIVE or PAUSED. */
    ContactList setListStatus(String listId, String status);

    /**
     * Imports a CSV file into the list {@code listName} of the campaign (created if absent, appended to otherwise) in
     * the background; the report shows progress and, at the end, every rejected row.
     *
     * @param mapping CSV header → contact field ({@code phone} required; {@code name}, {@code timezone} and any other
     *                name become fields); null: headers are the field names
     */
    ImportReport importCsv(String campaignId, String listName, byte[] csv, Map<String, String> mapping, String source);

    ImportReport importReport(String importId);

    /** Makes contacts of the list whose last outcome is one of {@code outcomes} callable again (attempts reset). */
    int recycle(String listId, List<String> outcomes);

    List<Contact> contacts(String listId, String status, int offset, int limit);

    Contact contact(String contactId);

    // ---------------------------------------------------------------- compliance

    default io.seatline.core.Page<DncEntry> dnc(int offset, int limit) {
        return dnc(null, offset, limit);
    }

    /** The tenant's DNC list, newest first; {@code number} (digits of a number, any part) narrows it. */
    io.seatline.core.Page<DncEntry> dnc(String number, int offset, int limit);

    DncEntry addDnc(String phone, String reason);

    void removeDnc(String phone);

    /** Operator-wide DNC (operator only). */
    default io.seatline.core.Page<DncEntry> operatorDnc(int offset, int limit) {
        return operatorDnc(null, offset, limit);
    }

    /** The operator's DNC list, newest first; {@code number} (digits of a number, any part) narrows it. */
    io.seatline.core.Page<DncEntry> operatorDnc(String number, int offset, int limit);

    DncEntry addOperatorDnc(String phone, String reason);

    void removeOperatorDnc(String phone);

    // ---------------------------------------------------------------- agents

    List<Disposition> dispositions();

    List<Disposition> saveDispositions(List<Disposition> codes);

    /** Sets the outcome of a campaign call (the agent who took it, or a supervisor). */
    Contact dispose(DispositionRequest request);

    /**
     * Files the wrap-up of any call (an agent who was on it, or a supervisor): the outcome goes on the call's CDR and
     * into the customer's history; a campaign call's outcome also settles its contact (as {@link #dispose}); another
     * call's callback outcome schedules a {@link Callback}.
     */
    WrapUp wrapUp(WrapUpRequest request);

    /**
     * Callbacks of calls outside campaigns, soonest first: an agent sees its own and those for any agent; a supervisor
     * (campaigns:control) every one, or one agent's with {@code agentUserId}. {@code open}: only those not done.
     */
    List<Callback> callbacks(String agentUserId, boolean open);

    /** Marks a callback done (an agent it is for, or a supervisor). */
    Callback callbackDone(String id);

    /** The running campaigns the caller (an agent) works, by name: all modes, so the desk knows a PREVIEW one. */
    List<Campaign> myCampaigns();

    /** PREVIEW: reserves the next contact for the agent (null when none is callable now). */
    Contact previewNext(String campaignId, String agentUserId);

    /** PREVIEW: dials the reserved contact and connects it to the agent; returns the call id. */
    String previewDial(String campaignId, String contactId, String agentUserId);

    /** PREVIEW: gives the reserved contact back without dialling. */
    void previewSkip(String campaignId, String contactId, String agentUserId);

    /** The abandon accounting of a campaign over [from, to): live answers and abandoned calls. */
    Map<String, Long> abandonCounts(String campaignId, Instant from, Instant to);
}
