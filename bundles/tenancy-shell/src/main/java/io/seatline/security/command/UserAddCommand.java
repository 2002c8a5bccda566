package io.seatline.security.command;

import io.seatline.core.CallContext;
import io.seatline.core.TenantContext;
import io.seatline.tenancy.User;
import io.seatline.tenancy.UserService;
import io.seatline.tenancy.UserSpec;
import io.seatline.shell.OperatorAction;
import io.seatline.shell.TenantIdCompleter;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "seatline", name = "user-add", description = "Adds a user to a tenant (or an operator user without -t)")
@Service
public class UserAddCommand extends OperatorAction {
    @Reference
    private UserService users;

    @Option(name = "-t", aliases = "--tenant", description = "Tenant id; without it, an operator user is created")
    @Completion(TenantIdCompleter.class)
    private String tenant;
    @Option(name = "-r", aliases = "--role", multiValued = true,
        description = "Role: tenant-admin, supervisor, agent, qa, billing, integrator (operator without -t)")
    private List<String> roles;
    @Option(name = "-n", aliases = "--name", description = "Display name")
    private String displayName;
    @Option(name = "-e", aliases = "--email", description = "E-mail")
    private String email;
    @Argument(index = 0, name = "username", required = true, description = "Username")
    private String username;
    @Argument(index = 1, name = "password", required = true, description = "Initial password")
    private String password;

    @Override
    protected Object run() {
        LinkedHashSet<String> r = new LinkedHashSet<>(roles == null ? List.of(tenant == null ? "operator" : "agent") : roles);
        UserSpec spec = new UserSpec(username, displayName, email, r, null, password, true);
        CallContext ctx = TenantContext.current();
        User u = tenant == null ? users.create(spec) : TenantContext.within(tenant, () -> users.create(spec));
        System.out.println("User " + u.login() + " created (id " + u.id() + ", roles " + String.join(",", u.roles()) + ") by "
            + ctx.principal());
        return null;
    }
}
