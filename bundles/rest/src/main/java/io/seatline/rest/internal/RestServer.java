package io.seatline.rest.internal;

import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;
import io.seatline.rest.spi.Json;
import io.seatline.rest.spi.RestResource;
import io.seatline.security.AuthService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.transport.ChainInitiationObserver;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST kernel: publishes {@code /api/v1} (the CXF servlet context is /api, see etc/org.apache.cxf.osgi.cfg) with
 * authentication, error mapping and the OpenAPI document, over whatever {@link RestResource}s are registered — the
 * whiteboard pattern of Apache Unomi's RestServer. Each capability contributes its resources from its own bundle;
 * when one comes or goes (a feature installed or removed, a bundle updated, a plug-in dropped into deploy/) the
 * endpoint set is rebuilt after a short debounce, so a burst of registrations (a capability starting) costs one
 * rebuild, and the rest of the API keeps answering throughout.
 */
@Component(immediate = true, service = {})
public class RestServer {
    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);
    /** How long the set of resources must be quiet before the endpoint is rebuilt. */
    static final long DEBOUNCE_MS = 250;

    @Reference
    private AuthService auth;
    /** the signed-in user's tenant (time zone, locale) for the console's session; optional: tenancy may start later */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile io.seatline.tenancy.TenantDirectory directory;

    private final Map<RestResource, Long> resources = new ConcurrentHashMap<>();
    private final ScheduledExecutorService rebuilder = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "seatline-rest-rebuild");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> pending;
    private volatile boolean active;
    private String version = "0";
    private Server server;
    private Server fallbackServer;

    @Reference(service = RestResource.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    void addResource(RestResource resource, Map<String, Object> props) {
        resources.put(resource, (Long) props.getOrDefault("service.id", 0L));
        schedule();
    }

    void removeResource(RestResource resource) {
        resources.remove(resource);
        schedule();
    }

    @Activate
    void activate(BundleContext bc) {
        version = bc.getBundle().getVersion().toString();
        active = true;
        try {
            fallbackServer = fallback();
        } catch (RuntimeException e) {
            LOG.warn("The JSON 404 for paths outside /api/v1 could not be published", e);
        }
        // the first endpoint at once (the resources bound so far), then debounced rebuilds
        rebuilder.execute(this::rebuild);
    }

    @Deactivate
    void deactivate() {
        active = false;
        rebuilder.shutdownNow();
        synchronized (this) {
            if (server != null) {
                server.destroy();
                server = null;
            }
            if (fallbackServer != null) {
                fallbackServer.destroy();
                fallbackServer = null;
            }
        }
    }

    private synchronized void schedule() {
        if (!active) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        pending = rebuilder.schedule(this::rebuild, DEBOUNCE_MS, TimeUnit.MILLISECONDS);
    }

    private List<Object> providers() {
        return List.of(new JacksonJsonProvider(Json.MAPPER), new RequestGuard(), new AuthFilter(auth), new ParamConverters(), new ErrorMapper());
    }

    /**
     * Everything under /api that is not /api/v1 answers a JSON 404 (instead of CXF's HTML "No service was found"):
     * an endpoint at "/" that CXF picks only when no longer address matches.
     */
    private Server fallback() {
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setBus(BusFactory.getDefaultBus());
        factory.setAddress("/");
        factory.setServiceBeans(List.of(new NotFoundResource()));
        factory.setProviders(List.of(new JacksonJsonProvider(Json.MAPPER), new ErrorMapper()));
        return factory.create();
    }

    /** Replaces the endpoint with one serving exactly the resources registered now. */
    private synchronized void rebuild() {
        if (!active) {
            return;
        }
        List<Object> beans = new ArrayList<>(resources.entrySet().stream()
            .sorted(Map.Entry.comparingByValue(Comparator.naturalOrder())).map(Map.Entry::getKey).toList());
        List<Class<?>> types = beans.stream().<Class<?>>map(Object::getClass).toList();
        beans.add(new SessionResource(auth, () -> directory));
        List<Class<?>> documented = new ArrayList<>(types);
        documented.add(SessionResource.class);
        beans.add(new OpenApiResource(documented, version));
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setBus(BusFactory.getDefaultBus());
        factory.setAddress("/v1");
        factory.setServiceBeans(beans);
        factory.setProviders(providers());
        factory.setInvoker(new ContextInvoker());
        // the first server owns the /v1 destination; later sets of resources are swapped in on that destination in
        // one step (its message observer), so no request ever meets a missing endpoint while the set changes
        factory.setStart(server == null);
        try {
            Server next = factory.create();
            if (server == null) {
                server = next;
            } else if (next.getDestination() == server.getDestination()) {
                server.getDestination().setMessageObserver(new ChainInitiationObserver(next.getEndpoint(), factory.getBus()));
            } else {
                server.destroy();
                next.start();
                server = next;
            }
            LOG.info("Seatline REST API published at /api/v1 with {} resources", types.size());
        } catch (RuntimeException e) {
            LOG.error("Seatline REST API could not be published with {}", types, e);
        }
    }
}
