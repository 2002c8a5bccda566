package io.seatline.crm.command;

import io.seatline.core.Page;
import io.seatline.core.TenantContext;
import io.seatline.crm.KnowledgeService;
import io.seatline.shell.TenantAction;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "seatline", name = "kb-search", description = "Searches a tenant's knowledge base (Chinese or English words)")
@Service
public class KbSearchCommand extends TenantAction {
    @Reference
    private KnowledgeService kb;

    @Argument(index = 1, name = "query", required = true, multiValued = true, description = "What to look for")
    private List<String> query;
    @Option(name = "-c", aliases = "--category", description = "Only this category")
    private String category;
    @Option(name = "-n", aliases = "--limit", description = "How many (default 10)")
    private int limit = 10;

    @Override
    protected Object run() {
        Page<KnowledgeService.Hit> hits = TenantContext.within(tenant, () -> kb.search(String.join(" ", query), category, 0,
            limit(limit)));
        ShellTable table = table("Id", "Category", "Title", "Version", "Used", "Score", "Snippet");
        for (KnowledgeService.Hit h : hits.items()) {
            table.addRow().addContent(h.article().id(), h.article().category(), h.article().title(), h.article().version(), h.article().usage(),
                String.format("%.2f", h.score()), h.snippet());
        }
        table.print(System.out);
        System.out.println(hits.total() + " articles match");
        return null;
    }
}
