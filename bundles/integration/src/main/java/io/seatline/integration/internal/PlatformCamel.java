package io.seatline.integration.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.core.osgi.OsgiDefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
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
 * The platform's CamelContext ({@code seatline-platform}) and its route whiteboard: any {@link RouteBuilder}
 * registered as a service with {@code seatline.camel.context=platform} is added while it is registered and
 * removed when it goes away. Later capabilities and plug-ins add routes the same way.
 */
@Component(service = PlatformCamel.class, immediate = true)
public class PlatformCamel {
    public static final String CONTEXT_PROPERTY = "seatline.camel.context";
    private static final Logger LOG = LoggerFactory.getLogger(PlatformCamel.class);

    private final Map<RoutesBuilder, java.util.List<String>> routes = new ConcurrentHashMap<>();
    private final Map<RoutesBuilder, Boolean> pending = new ConcurrentHashMap<>();
    private volatile OsgiDefaultCamelContext camel;
    private volatile ProducerTemplate producer;

    @Activate
    void activate(BundleContext bc) throws Exception {
        OsgiDefaultCamelContext ctx = new OsgiDefaultCamelContext(bc);
        ctx.setName("seatline-platform");
        // Start before adding routes: routes added to a context that is not started were dropped (Camel 3.22).
        ctx.start();
        camel = ctx;
        producer = ctx.createProducerTemplate();
        for (RoutesBuilder b : pending.keySet()) {
            add(b);
        }
        pending.clear();
    }

    @Deactivate
    void deactivate() throws Exception {
        if (producer != null) {
            producer.stop();
        }
        if (camel != null) {
            camel.stop();
        }
        camel = null;
        routes.clear();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY, target = "(" + CONTEXT_PROPERTY + "=platform)")
    void bindRoutes(RoutesBuilder builder) {
        if (camel == null) {
            pending.put(builder, Boolean.TRUE);
            return;
        }
        add(builder);
    }

    void unbindRoutes(RoutesBuilder builder) {
        pending.remove(builder);
        java.util.List<String> ids = routes.remove(builder);
        CamelContext ctx = camel;
        if (ids == null || ctx == null) {
            return;
        }
        for (String id : ids) {
            try {
                ctx.getRouteController().stopRoute(id);
                ctx.removeRoute(id);
                LOG.info("Route {} removed", id);
            } catch (Exception e) {
                LOG.warn("Removing route {} failed: {}", id, e.getMessage());
            }
        }
    }

    private void add(RoutesBuilder builder) {
        try {
            ModelCamelContext model = camel.adapt(ModelCamelContext.class);
            java.util.Set<String> before = new java.util.HashSet<>();
            model.getRouteDefinitions().forEach(r -> before.add(r.getRouteId()));
            camel.addRoutes(builder);
            java.util.List<String> added = model.getRouteDefinitions().stream().map(RouteDefinition::getRouteId)
                .filter(id -> !before.contains(id)).toList();
            routes.put(builder, added);
            LOG.info("Routes {} started in {}", added, camel.getName());
        } catch (Exception e) {
            LOG.error("Adding routes from {} failed: {}", builder, e.getMessage(), e);
        }
    }

    /**
     * Sends {@code body} with {@code headers} to {@code endpoint} and waits for it to be processed.
     *
     * @throws IllegalStateException when Camel is not running, or with the cause the endpoint failed with
     */
    void request(String endpoint, Object body, Map<String, Object> headers) {
        ProducerTemplate p = producer;
        if (p == null || camel == null) {
            throw new IllegalStateException("the platform Camel context is not running");
        }
        try {
            p.requestBodyAndHeaders(endpoint, body, headers);
        } catch (org.apache.camel.CamelExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
    }

    /** Sends {@code body} to {@code endpoint} of the platform context; false when Camel is not running. */
    boolean send(String endpoint, Object body) {
        ProducerTemplate p = producer;
        if (p == null || camel == null || camel.getRoutes().isEmpty()) {
            return false;
        }
        p.sendBody(endpoint, body);
        return true;
    }
}
