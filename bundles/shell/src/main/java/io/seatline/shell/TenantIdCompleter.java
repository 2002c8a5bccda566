package io.seatline.shell;

import io.seatline.core.CallContext;
import io.seatline.core.TenantContext;
import io.seatline.tenancy.TenantService;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes tenant ids. */
@Service
public class TenantIdCompleter implements Completer {
    @Reference
    private TenantService tenants;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        TenantContext.run(CallContext.operator("console"), () ->
            tenants.list(null, 0, 500).items().forEach(t -> delegate.getStrings().add(t.id())));
        return delegate.complete(session, commandLine, candidates);
    }
}
