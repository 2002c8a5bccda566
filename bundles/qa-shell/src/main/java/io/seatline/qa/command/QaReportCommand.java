package io.seatline.qa.command;

import io.seatline.core.TenantContext;
import io.seatline.qa.QaService;
import io.seatline.qa.QaService.Distribution;
import io.seatline.qa.QaService.WeakSpot;
import io.seatline.shell.TenantAction;
import java.time.LocalDate;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "seatline", name = "qa-report", description = "A tenant's QA score distribution and coaching needs (items agents or teams score low on)")
@Service
public class QaReportCommand extends TenantAction {
    @Reference
    private QaService qa;

    @Option(name = "--from", description = "First day (yyyy-MM-dd)")
    private String from;
    @Option(name = "--to", description = "Last day (yyyy-MM-dd)")
    private String to;
    @Option(name = "--by", description = "AGENT (default) or TEAM")
    private String by = "AGENT";

    @Override
    protected Object run() {
        LocalDate f = from == null ? null : LocalDate.parse(from);
        LocalDate t = to == null ? null : LocalDate.parse(to);
        Distribution d = TenantContext.within(tenant, () -> qa.distribution(null, f, t));
        System.out.println(d.n() + " evaluations; mean " + d.mean() + ", median " + d.median() + ", p10 " + d.p10() + ", p90 " + d.p90()
            + ", 92+: " + d.shareFrom92() + " %" + (d.bunched() ? " (BUNCHED)" : ""));
        System.out.println(d.note());
        List<WeakSpot> weak = TenantContext.within(tenant, () -> qa.weakSpots(by, f, t));
        ShellTable table = table(by.toUpperCase(), "Item", "n", "Average", "Tenant", "Gap");
        for (WeakSpot w : weak) {
            table.addRow().addContent(w.label(), w.text(), w.n(), w.average(), w.tenantAverage(), w.gap());
        }
        table.print(System.out);
        return null;
    }
}
