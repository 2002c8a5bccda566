package io.seatline.telephony.internal.media;

import io.seatline.core.Permissions;
import io.seatline.telephony.BusinessCalendar;
import io.seatline.telephony.IvrMenu;
import io.seatline.telephony.MediaFile;
import io.seatline.telephony.MediaService;
import io.seatline.telephony.Prompt;
import io.seatline.telephony.Recording;
import io.seatline.telephony.RecordingPolicy;
import io.seatline.telephony.TransferTarget;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Publishes telephony's media store as the {@link MediaService}, by Declarative Services once telephony is active.
 * (Registering it by hand inside telephony's activation let a consumer such as the REST server activate in the
 * middle of it, ask for telephony's other services and fail on the cycle — and then never start.)
 */
@Component(service = MediaService.class)
public class MediaServiceComponent implements MediaService {
    @Reference
    private MediaStore.Holder telephony;

    private MediaStore store() {
        return telephony.mediaStore();
    }

    @Override
    public RecordingPolicy recordingPolicy() {
        Permissions.require("recordings", "read");
        return store().recordingPolicy();
    }

    @Override
    public RecordingPolicy setRecordingPolicy(RecordingPolicy policy) {
        Permissions.require("recordings", "admin");
        return store().setRecordingPolicy(policy);
    }

    @Override
    public List<Recording> recordings(Instant from, Instant to, String agentUserId, String callId, String kind, String mailbox,
                                      int offset, int limit) {
        Permissions.require("recordings", "read");
        return store().recordings(from, to, agentUserId, callId, kind, mailbox, offset, limit);
    }

    @Override
    public Recording recording(String id) {
        Permissions.require("recordings", "read");
        return store().recording(id);
    }

    @Override
    public MediaFile recordingFile(String id, boolean played) {
        Permissions.require("recordings", "read");
        return store().recordingFile(id, played);
    }

    @Override
    public void deleteRecording(String id) {
        Permissions.require("recordings", "admin");
        store().deleteRecording(id);
    }

    @Override
    public int purgeExpired() {
        return store().purgeExpired();
    }

    @Override
    public Prompt uploadPrompt(String name, byte[] wav) {
        Permissions.require("prompts", "write");
        return store().uploadPrompt(name, wav);
    }

    @Override
    public List<Prompt> prompts() {
        Permissions.requireAny("prompts:read", "blacklist:write");
        return store().prompts();
    }

    @Override
    public MediaFile promptFile(String name) {
        Permissions.require("prompts", "read");
        return store().promptFile(name);
    }

    @Override
    public void deletePrompt(String name) {
        Permissions.require("prompts", "write");
        store().deletePrompt(name);
    }

    @Override
    public IvrMenu saveMenu(IvrMenu menu) {
        Permissions.require("ivr", "write");
        return store().saveMenu(menu);
    }

    @Override
    public List<IvrMenu> menus() {
        Permissions.require("ivr", "read");
        return store().menus();
    }

    @Override
    public IvrMenu menu(String name) {
        Permissions.require("ivr", "read");
        return store().menu(name);
    }

    @Override
    public void deleteMenu(String name) {
        Permissions.require("ivr", "write");
        store().deleteMenu(name);
    }

    @Override
    public BusinessCalendar calendar() {
        Permissions.require("ivr", "read");
        return store().calendar();
    }

    @Override
    public BusinessCalendar setCalendar(BusinessCalendar calendar) {
        Permissions.require("ivr", "write");
        return store().setCalendar(calendar);
    }

    @Override
    public void record(String callId, boolean on) {
        Permissions.require("calls", "record");
        store().record(callId, on);
    }

    @Override
    public void supervise(String callId, String supervisorUserId, String mode) {
        Permissions.require("calls", "supervise");
        store().supervise(callId, supervisorUserId, mode);
    }

    @Override
    public void stopSupervising(String callId, String supervisorUserId) {
        Permissions.require("calls", "supervise");
        store().stopSupervising(callId, supervisorUserId);
    }

    @Override
    public void addParty(String callId, TransferTarget target) {
        Permissions.require("calls", "control");
        store().addParty(callId, target);
    }

    @Override
    public Map<String, Object> status() {
        io.seatline.core.TenantContext.requireOperator();
        return store().status();
    }
}
