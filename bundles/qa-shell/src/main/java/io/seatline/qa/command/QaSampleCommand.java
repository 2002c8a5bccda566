package io.seatline.qa.command;

import io.seatline.core.TenantContext;
import io.seatline.qa.QaService;
import io.seatline.qa.QaService.SamplingReport;
import io.seatline.shell.TenantAction;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "seatline", name = "qa-sample", description = "Builds a tenant's QA evaluation queue for a week from its sampling rules")
@Service
public class QaSampleCommand extends TenantAction {
    @Reference
    private QaService qa;

    @Argument(index = 1, name = "week", description = "The Monday the week starts (yyyy-MM-dd); default: last week")
    private String week;

    @Override
    protected Object run() {
        LocalDate monday = week == null ? LocalDate.now().minusWeeks(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : LocalDate.parse(week);
        SamplingReport r = TenantContext.within(tenant, () -> qa.sample(monday));
        System.out.println("week of " + r.week() + ": " + r.answeredCalls() + " answered calls, " + r.assigned() + " assigned");
        r.byRule().forEach((rule, n) -> System.out.println("  rule " + rule + ": " + n));
        r.byEvaluator().forEach((ev, n) -> System.out.println("  evaluator " + ev + ": " + n));
        r.warnings().forEach(w -> System.out.println("  warning: " + w));
        return null;
    }
}
