package io.seatline.telephony.internal.call;

import io.seatline.core.CallContext;
import io.seatline.core.ForbiddenException;
import io.seatline.core.Permissions;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.telephony.CallInfo;
import io.seatline.telephony.CallOutcome;
import io.seatline.telephony.internal.entity.CdrEntity;
import io.seatline.telephony.CallService;
import io.seatline.telephony.OriginateRequest;
import io.seatline.telephony.TransferTarget;
import io.seatline.telephony.internal.RecordWriter;
import io.seatline.telephony.internal.TelephonyServiceImpl;
import java.util.List;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The call service: live calls, call control (hang up, hold, transfer, consultation) and origination. A component of
 * its own over the telephony runtime ({@link TelephonyServiceImpl}): each action runs on the call's tenant actor.
 */
@Component(service = CallService.class)
public class CallServiceComponent implements CallService {
    private final TelephonyServiceImpl rt;

    @Activate
    public CallServiceComponent(@Reference TelephonyServiceImpl runtime) {
        this.rt = runtime;
    }

    @Override
    public boolean acceptingCalls() {
        return !rt.engine.draining;
    }

    @Override
    public List<CallInfo> calls() {
        Permissions.require("calls", "read");
        String tenant = TenantContext.requireTenant();
        return rt.onActor(tenant, () -> rt.acd(tenant).calls.values().stream().filter(c -> !c.ended()).map(Call::info).toList());
    }

    @Override
    public CallInfo call(String callId) {
        return control(callId, "read", c -> { });
    }

    @Override
    public void hangup(String callId) {
        control(callId, "control", rt.engine.control::hangup);
        rt.audit("call.hangup", callId, null);
    }

    @Override
    public CallInfo hold(String callId) {
        return control(callId, "control", rt.engine.control::hold);
    }

    @Override
    public CallInfo resume(String callId) {
        return control(callId, "control", rt.engine.control::resume);
    }

    @Override
    public CallInfo transfer(String callId, TransferTarget target) {
        CallInfo c = control(callId, "control", call -> rt.engine.control.transfer(call, target));
        rt.audit("call.transfer", callId, String.valueOf(target));
        return c;
    }

    @Override
    public CallInfo consult(String callId, TransferTarget target) {
        return control(callId, "control", c -> rt.engine.control.consult(c, target));
    }

    @Override
    public CallInfo completeTransfer(String callId) {
        return control(callId, "control", rt.engine.control::completeTransfer);
    }

    @Override
    public CallInfo cancelConsult(String callId) {
        return control(callId, "control", rt.engine.control::cancelConsult);
    }


    /**
     * Work on one call: who holds {@code calls:<permission>} may act on any call of the tenant; an agent with
     * {@code calls:self} only on the call it is on.
     */
    private CallInfo control(String callId, String permission, Consumer<Call> action) {
        String tenant = TenantContext.requireTenant();
        boolean any = Permissions.has("calls", permission);
        if (!any) {
            Permissions.require("calls", "self");
        }
        CallContext caller = TenantContext.current();
        return rt.onActor(tenant, () -> {
            Call c = rt.engine.control.require(rt.acd(tenant), callId);
            if (!any && (caller.userId() == null || !caller.userId().equals(c.info().agentUserId()))) {
                throw new ForbiddenException("forbidden", caller.principal() + " is not on call " + callId);
            }
            action.accept(c);
            return c.info();
        });
    }


    @Override
    public CallInfo originate(OriginateRequest r) {
        String tenant = TenantContext.requireTenant();
        if (r == null) {
            throw new ValidationException("body_required", "a JSON body is required", null);
        }
        // an agent may call out for itself (click-to-call to its own phone); anything else is call control
        Permissions.requireSelfOr(r.target() == null ? null : r.target().agentUserId(), "calls", "control");
        int ring = TelephonyServiceImpl.range(r.ringTimeoutSeconds(), Math.max(5, Math.min(120, rt.cfg.ring_timeout_seconds())), 5, 120, "ringTimeoutSeconds");
        Integer connect = r.connectWithinSeconds() == null ? null : TelephonyServiceImpl.range(r.connectWithinSeconds(), 2, 1, 60, "connectWithinSeconds");
        if (r.abandonPrompt() != null && !TelephonyServiceImpl.PROMPT_NAME.matcher(r.abandonPrompt()).matches()) {
            throw new ValidationException("invalid_prompt", "abandonPrompt must be a prompt name", "abandonPrompt");
        }
        return rt.onActor(tenant, () -> {
            Call call = rt.engine.control.originate(rt.acd(tenant), r.number(), r.target(), r.callerId(), ring, r.data());
            call.connectWithinSeconds = connect;
            call.abandonPrompt = r.abandonPrompt();
            return call.info();
        });
    }

    @Override
    public CallOutcome fileOutcome(String callId, String code, String note) {
        String tenant = TenantContext.requireTenant();
        boolean any = Permissions.has("calls", "control");
        if (!any) {
            Permissions.require("calls", "self");
        }
        if (code == null || code.isBlank() || code.length() > 64) {
            throw new ValidationException("invalid_code", "code: the disposition code, 1 to 64 characters", "code");
        }
        if (note != null && note.length() > 1000) {
            throw new ValidationException("invalid_note", "note: at most 1000 characters", "note");
        }
        String text = note == null || note.isBlank() ? null : note.strip();
        CallContext caller = TenantContext.current();
        // who may: an agent whose phone took the call (not one whose phone only rang), or calls:control
        boolean[] written = {false};
        CallOutcome filed = rt.onActor(tenant, () -> {
            Call c = rt.acd(tenant).calls.get(callId);
            if (c == null) {
                return null;
            }
            if (!any && c.legs.stream().noneMatch(l -> l.answeredAt != null && caller.userId() != null && caller.userId().equals(l.agentUserId))) {
                throw new ForbiddenException("not_your_call", caller.principal() + " did not talk on call " + callId);
            }
            if (!c.ended()) {
                c.outcome = code; // the CDR takes it when the call ends
                c.outcomeNote = text;
                written[0] = true;
            }
            return new CallOutcome(c.id, c.direction, CallEngine.clip("OUTBOUND".equals(c.direction) ? c.to : c.from, 200), code, text);
        });
        if (filed == null) {
            // ended, its CDR committed and the call released
            filed = rt.jpa.tenant(em -> {
                CdrEntity cdr = Jpa.get(em, CdrEntity.class, callId, "call");
                if (!any && (caller.userId() == null || !caller.userId().equals(cdr.agentUserId)) && em.createQuery("select count(l) from CdrLegEntity l "
                    + "where l.cdrId = :id and l.party = :me and l.answeredAt is not null", Long.class).setParameter("id", callId)
                    .setParameter("me", caller.principal()).getSingleResult() == 0) {
                    throw new ForbiddenException("not_your_call", caller.principal() + " did not talk on call " + callId);
                }
                return new CallOutcome(cdr.id, cdr.direction, "OUTBOUND".equals(cdr.direction) ? cdr.toParty : cdr.fromParty, code, text);
            });
        }
        if (!written[0]) {
            // an ended call: through the writer, after its CDR (which may still be queued) and after any outcome filed
            // before, so the last filed wins; answered once committed
            RecordWriter w = rt.engine.writer;
            int[] rows = {0};
            java.util.concurrent.CompletableFuture<Integer> done = new java.util.concurrent.CompletableFuture<>();
            w.submit(em -> w.atEnd(end -> rows[0] = CallJournal.inTenant(tenant, () -> Jpa.bulk(end, "update CdrEntity c set c.outcome = :o, "
                + "c.outcomeNote = :n where c.id = :id").setParameter("o", code).setParameter("n", text).setParameter("id", callId)
                .executeUpdate())), () -> done.complete(rows[0]));
            try {
                if (done.get(10, java.util.concurrent.TimeUnit.SECONDS) == 0) {
                    throw new io.seatline.core.NotFoundException("not_found", "no call '" + callId + "'");
                }
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                throw new io.seatline.core.UnavailableException("outcome_not_written", "the outcome could not be written yet; try again");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.seatline.core.UnavailableException("outcome_not_written", "the outcome could not be written yet; try again");
            }
        }
        rt.audit("call.outcome", callId, code);
        return filed;
    }
}
