package io.seatline.qa.command;

import io.seatline.core.TenantContext;
import io.seatline.qa.QaService;
import io.seatline.qa.QaService.Scorecard;
import io.seatline.shell.TenantAction;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "seatline", name = "qa-scorecards", description = "Lists a tenant's QA scorecards (latest versions) and how many evaluations used each")
@Service
public class QaScorecardListCommand extends TenantAction {
    @Reference
    private QaService qa;

    @Override
    protected Object run() {
        List<Scorecard> cards = TenantContext.within(tenant, qa::scorecards);
        ShellTable table = table("Id", "Name", "Version", "Scoring", "Fatal", "Pass", "Items", "Used");
        for (Scorecard s : cards) {
            table.addRow().addContent(s.id(), s.name(), s.version() + " of " + s.versions().size(), s.scoring(), s.fatalMode(),
                s.passMark().stripTrailingZeros().toPlainString(), s.sections().stream().mapToInt(x -> x.items().size()).sum(), s.used());
        }
        table.print(System.out);
        return null;
    }
}
