package io.seatline.tenancy.command;

import io.seatline.shell.OperatorAction;
import io.seatline.spi.PluginInfo;
import io.seatline.spi.PluginService;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "seatline", name = "plugin-list", description = "Lists the plug-ins (SeatlineEventListener services) and their tenant scope")
@Service
public class PluginListCommand extends OperatorAction {
    @Reference
    private PluginService plugins;

    @Override
    protected Object run() {
        ShellTable table = new ShellTable();
        table.column("Plug-in");
        table.column("Tenant");
        table.column("Bundle");
        table.column("Delivered").alignRight();
        table.column("Failures").alignRight();
        for (PluginInfo p : plugins.list()) {
            table.addRow().addContent(p.name(), p.tenantId() == null ? "(all)" : p.tenantId(), p.bundle() + " " + p.bundleVersion(),
                p.delivered(), p.failures());
        }
        table.print(System.out);
        return null;
    }
}
