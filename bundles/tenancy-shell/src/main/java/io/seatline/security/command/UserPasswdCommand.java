package io.seatline.security.command;

import io.seatline.core.NotFoundException;
import io.seatline.core.TenantContext;
import io.seatline.tenancy.UserCredentials;
import io.seatline.tenancy.UserService;
import io.seatline.shell.OperatorAction;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "seatline", name = "user-passwd", description = "Sets a user's password (also unlocks a locked account)")
@Service
public class UserPasswdCommand extends OperatorAction {
    @Reference
    private UserService users;

    @Argument(index = 0, name = "login", required = true, description = "Login: username@tenant, or an operator's username")
    private String login;
    @Argument(index = 1, name = "password", required = true, description = "New password")
    private String password;

    @Override
    protected Object run() {
        UserCredentials c = users.credentials(login).orElseThrow(() -> new NotFoundException("not_found", "user '" + login + "' not found"));
        if (c.tenantId() == null) {
            users.changePassword(c.userId(), password);
        } else {
            TenantContext.within(c.tenantId(), () -> {
                users.changePassword(c.userId(), password);
                return null;
            });
        }
        System.out.println("Password of " + login + " changed");
        return null;
    }
}
