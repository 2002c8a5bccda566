package io.seatline.telephony.command;

import io.seatline.shell.TenantAction;
import io.seatline.core.TenantContext;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import io.seatline.telephony.AcdService;
import io.seatline.telephony.CallQueue;
import io.seatline.telephony.QueueStats;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

@Command(scope = "seatline", name = "queue-list", description = "Lists a tenant's queues with their live figures")
@Service
public class QueueListCommand extends TenantAction {
    @Reference
    private AcdService acd;

    @Override
    protected Object run() {
        List<CallQueue> queues = TenantContext.within(tenant, acd::queues);
        Map<String, QueueStats> stats = TenantContext.within(tenant, acd::queueStats).stream()
            .collect(Collectors.toMap(QueueStats::queue, Function.identity()));
        ShellTable table = table("Queue", "Skills", "Strategy", "Prio", "Waiting", "Longest s", "Ready", "Busy", "Not ready", "Offered",
            "Answered", "Abandoned");
        for (CallQueue q : queues) {
            QueueStats s = stats.get(q.name());
            table.addRow().addContent(q.name(), q.requiredSkills(), q.strategy(), q.priority(), s == null ? 0 : s.waiting(),
                s == null ? 0 : s.longestWaitSeconds(), s == null ? 0 : s.agentsReady(), s == null ? 0 : s.agentsBusy(),
                s == null ? 0 : s.agentsNotReady(), s == null ? 0 : s.offered(), s == null ? 0 : s.answered(), s == null ? 0 : s.abandoned());
        }
        table.print(System.out);
        return null;
    }
}
