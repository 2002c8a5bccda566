package io.seatline.tenancy.command;

import io.seatline.shell.TenantIdCompleter;
import io.seatline.shell.OperatorAction;
import io.seatline.core.TenantContext;
import io.seatline.tenancy.Team;
import io.seatline.tenancy.TeamService;
import io.seatline.tenancy.TeamSpec;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "seatline", name = "team-list", description = "Lists a tenant's teams, or adds one with --add")
@Service
public class TeamListCommand extends OperatorAction {
    @Reference
    private TeamService teams;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant id")
    @Completion(TenantIdCompleter.class)
    private String tenant;
    @Option(name = "-a", aliases = "--add", description = "Name of a team to add first")
    private String add;

    @Override
    protected Object run() {
        TenantContext.within(tenant, () -> {
            if (add != null) {
                teams.create(new TeamSpec(add, null, null));
            }
            ShellTable table = new ShellTable();
            table.column("Id");
            table.column("Name");
            table.column("Supervisor");
            for (Team t : teams.list(0, 500).items()) {
                table.addRow().addContent(t.id(), t.name(), t.supervisorUserId() == null ? "-" : t.supervisorUserId());
            }
            table.print(System.out);
            return null;
        });
        return null;
    }
}
