package io.seatline.shell;

import io.seatline.core.CallContext;
import io.seatline.core.SeatlineException;
import io.seatline.core.TenantContext;
import java.security.AccessController;
import java.security.Principal;
import javax.security.auth.Subject;
import org.apache.karaf.shell.api.action.Action;

/**
 * Console commands are operator work: each runs in an operator context named after the console user, so the
 * audit trail shows who did it. A refused action fails the command with "code (field): message" (the console prints
 * it as "Error executing command: ..."), never with a stack trace.
 */
public abstract class OperatorAction implements Action {

    @Override
    public final Object execute() throws Exception {
        try {
            return TenantContext.callChecked(CallContext.operator("console:" + consoleUser()), this::run);
        } catch (SeatlineException e) {
            throw new IllegalArgumentException(e.code() + (e.field() == null ? "" : " (" + e.field() + ")") + ": " + e.getMessage());
        }
    }

    protected abstract Object run() throws Exception;

    @SuppressWarnings("removal")
    private static String consoleUser() {
        try {
            Subject subject = Subject.getSubject(AccessController.getContext());
            if (subject != null) {
                for (Principal p : subject.getPrincipals()) {
                    if (p.getClass().getSimpleName().equals("UserPrincipal")) {
                        return p.getName();
                    }
                }
            }
        } catch (RuntimeException e) {
            // fall through: no JAAS subject on this thread
        }
        return "karaf";
    }
}
