package io.seatline.wfm.rest;

import io.seatline.reports.ReportService;
import io.seatline.reports.ReportService.Compare;
import io.seatline.reports.ReportService.Dimension;
import io.seatline.reports.ReportService.Granularity;
import io.seatline.reports.ReportService.KpiQuery;
import io.seatline.reports.ReportService.KpiReport;
import io.seatline.reports.ReportService.Rebuild;
import io.seatline.reports.ReportService.ReportFile;
import io.seatline.reports.ReportService.TenantKpis;
import io.seatline.rest.spi.Access;
import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.Requests;
import io.seatline.rest.spi.RestResource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** KPI reports: a tenant's (supervisors, the company's administrator and billing users; an agent their own) and the operator's summary. */
public final class ReportResource {
    private ReportResource() {
    }

    static KpiQuery query(String from, String to, String granularity, String by, String queue, String agent, String team, String compare) {
        return new KpiQuery(Requests.date(from, "from"), Requests.date(to, "to"), Requests.choice(granularity, Granularity.class, "granularity"),
            Requests.choice(by, Dimension.class, "by"), queue, agent, team, Requests.choice(compare, Compare.class, "compare"));
    }

    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/reports")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Tenant implements RestResource {
        private final ReportService reports;

        @Activate
        public Tenant(@Reference ReportService reports) {
            this.reports = reports;
        }

        /**
         * KPIs of [from, to] (the company's days) by {@code granularity} (MIN15, HOUR, DAY, WEEK, MONTH) and {@code by}
         * (TENANT, QUEUE, TEAM, AGENT), narrowed to a queue, agent or team, compared (NONE, PREVIOUS, YEAR).
         */
        @GET
        @Path("kpis")
        public KpiReport kpis(@PathParam("tenant") String tenant, @QueryParam("from") String from, @QueryParam("to") String to,
                              @QueryParam("granularity") String granularity, @QueryParam("by") String by, @QueryParam("queue") String queue,
                              @QueryParam("agent") String agent, @QueryParam("team") String team, @QueryParam("compare") String compare) {
            KpiQuery q = query(from, to, granularity, by, queue, agent, team, compare);
            return Access.inTenant(tenant, () -> reports.kpis(q));
        }

        /** The same report as a file: {@code format} csv (default) or xlsx, headers in {@code lang} (en, zh-CN). */
        @GET
        @Path("kpis/export")
        @Produces({"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", MediaType.APPLICATION_JSON})
        @Answer(media = "text/csv")
        public Response export(@PathParam("tenant") String tenant, @QueryParam("from") String from, @QueryParam("to") String to,
                               @QueryParam("granularity") String granularity, @QueryParam("by") String by, @QueryParam("queue") String queue,
                               @QueryParam("agent") String agent, @QueryParam("team") String team, @QueryParam("compare") String compare,
                               @QueryParam("format") String format, @QueryParam("lang") String lang) {
            KpiQuery q = query(from, to, granularity, by, queue, agent, team, compare);
            ReportFile f = Access.inTenant(tenant, () -> reports.export(q, format == null || format.isBlank() ? "csv" : format, lang));
            return Response.ok(f.content()).type(f.mediaType()).header("Content-Disposition", "attachment; filename*=UTF-8''"
                + URLEncoder.encode(f.fileName(), StandardCharsets.UTF_8).replace("+", "%20")).build();
        }

        /** Recounts the aggregates of [from, to] from the raw CDRs and agent state changes (the company's administrator). */
        @POST
        @Path("rebuild")
        public Rebuild rebuild(@PathParam("tenant") String tenant, @QueryParam("from") String from, @QueryParam("to") String to) {
            var f = Requests.date(from, "from");
            var t = Requests.date(to, "to");
            return Access.inTenant(tenant, () -> reports.rebuild(f, t));
        }
    }

    @Component(service = RestResource.class)
    @Path("/reports")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Operator implements RestResource {
        private final ReportService reports;

        @Activate
        public Operator(@Reference ReportService reports) {
            this.reports = reports;
        }

        /** Every company's totals over [from, to], busiest first (the operator). */
        @GET
        @Path("tenants")
        public List<TenantKpis> summary(@QueryParam("from") String from, @QueryParam("to") String to) {
            var f = Requests.date(from, "from");
            var t = Requests.date(to, "to");
            return Access.operator(() -> reports.summary(f, t));
        }
    }
}
