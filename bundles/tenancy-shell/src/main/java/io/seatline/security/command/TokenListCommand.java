package io.seatline.security.command;

import io.seatline.core.TenantContext;
import io.seatline.security.ApiToken;
import io.seatline.security.TokenService;
import io.seatline.shell.OperatorAction;
import io.seatline.shell.TenantIdCompleter;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "seatline", name = "token-list", description = "Lists a tenant's API tokens, or revokes one with --revoke")
@Service
public class TokenListCommand extends OperatorAction {
    @Reference
    private TokenService tokens;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant id")
    @Completion(TenantIdCompleter.class)
    private String tenant;
    @Option(name = "-r", aliases = "--revoke", description = "Id of a token to revoke first")
    private String revoke;

    @Override
    protected Object run() {
        TenantContext.within(tenant, () -> {
            if (revoke != null) {
                tokens.revoke(revoke);
            }
            ShellTable table = new ShellTable();
            table.column("Id");
            table.column("Name");
            table.column("Prefix");
            table.column("Created");
            table.column("Last used");
            table.column("Expires");
            table.column("Revoked");
            for (ApiToken t : tokens.list(0, 500).items()) {
                table.addRow().addContent(t.id(), t.name(), t.prefix(), t.createdAt(), opt(t.lastUsedAt()), opt(t.expiresAt()),
                    opt(t.revokedAt()));
            }
            table.print(System.out);
            return null;
        });
        return null;
    }

    private static Object opt(Object o) {
        return o == null ? "-" : o;
    }
}
