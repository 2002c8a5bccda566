package io.seatline.rest.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;
import io.seatline.security.AuditService;
import io.seatline.security.AuthService;
import io.seatline.security.TokenService;
import io.seatline.spi.PluginService;
import io.seatline.tenancy.SeatService;
import io.seatline.tenancy.TeamService;
import io.seatline.tenancy.TenantService;
import io.seatline.tenancy.UserService;
import java.util.List;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes the REST API at {@code /api/v1} (the CXF servlet context is /api, see etc/org.apache.cxf.osgi.cfg). */
@Component(immediate = true, service = {})
public class RestServer {
    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);

    @Reference
    private io.seatline.billing.BillingService billing;
    @Reference
    private AuthService auth;
    @Reference
    private TenantService tenants;
    @Reference
    private SeatService seats;
    @Reference
    private UserService users;
    @Reference
    private TeamService teams;
    @Reference
    private TokenService tokens;
    @Reference
    private AuditService audit;
    @Reference
    private PluginService plugins;
    @Reference
    private io.seatline.telephony.TelephonyAdminService telephonyAdmin;
    @Reference
    private io.seatline.telephony.AcdService acd;
    @Reference
    private io.seatline.telephony.CallService calls;
    @Reference
    private io.seatline.telephony.CdrService cdrs;
    @Reference
    private io.seatline.telephony.RealtimeService realtime;
    @Reference
    private io.seatline.telephony.MediaService media;
    @Reference
    private io.seatline.dialer.DialerService dialer;
    @Reference
    private io.seatline.crm.CrmService crm;
    @Reference
    private io.seatline.crm.ScriptService scripts;
    @Reference
    private io.seatline.crm.PushService push;
    @Reference
    private io.seatline.crm.TicketService tickets;
    @Reference
    private io.seatline.crm.KnowledgeService kb;
    @Reference
    private io.seatline.telephony.BlacklistService blacklist;
    @Reference
    private io.seatline.qa.QaService qa;

    private Server server;

    @Activate
    void activate(BundleContext bc) {
        ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        List<Object> beans = List.of(new TenantResource(tenants), new SeatResource(seats), new UserResource(users), new TeamResource(teams),
            new TokenResource(tokens), new AuditResource(audit), new PluginResource(plugins), new OperatorUserResource(users), new RootResource(audit, plugins, seats),
            new TrunkResource(telephonyAdmin), new DidResource(telephonyAdmin), new TelephonyStatusResource(telephonyAdmin), new TenantTelephonyResource.Queues(acd),
            new TenantTelephonyResource.Dids(telephonyAdmin), new TenantTelephonyResource.ReasonCodes(acd), new AgentResource(acd),
            new CallResource.Calls(calls, media), new CallResource.Cdrs(cdrs), new RealtimeResource(acd, realtime, mapper),
            new MediaResource.Policy(media), new MediaResource.Recordings(media), new MediaResource.Prompts(media), new MediaResource.Ivr(media),
            new MediaResource.Calendar(media), new DialerResource.Campaigns(dialer), new DialerResource.Imports(dialer),
            new DialerResource.Lists(dialer), new DialerResource.Contacts(dialer), new DialerResource.Dispositions(dialer),
            new DialerResource.TenantDnc(dialer), new DialerResource.OperatorDnc(dialer), new CrmResource.Fields(crm),
            new CrmResource.Customers(crm), new CrmResource.Scripts(scripts), new CrmResource.Me(push, mapper), new CrmResource.Me.OfAgent(push),
            new BlacklistResource.Tenant(blacklist, media), new BlacklistResource.Operator(blacklist), new TicketResource.Categories(tickets),
            new TicketResource.Tickets(tickets), new TicketResource.Notifications(tickets), new TicketResource.Public(tickets),
            new KnowledgeResource(kb), new BillingResource.Staff(billing), new BillingResource.OfTenant(billing),
            new BillingResource.Account(billing), new QaResource(qa));
        List<Class<?>> types = beans.stream().<Class<?>>map(Object::getClass).toList();
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setBus(BusFactory.getDefaultBus());
        factory.setAddress("/v1");
        List<Object> all = new java.util.ArrayList<>(beans);
        all.add(new OpenApiResource(types, bc.getBundle().getVersion().toString()));
        factory.setServiceBeans(all);
        factory.setProviders(List.of(new JacksonJsonProvider(mapper), new AuthFilter(auth), new ErrorMapper()));
        factory.setInvoker(new ContextInvoker());
        server = factory.create();
        LOG.info("Seatline REST API published at /api/v1");
    }

    @Deactivate
    void deactivate() {
        if (server != null) {
            server.destroy();
        }
    }
}
