package io.seatline.integration.internal;

import io.seatline.core.Permissions;
import io.seatline.core.CallContext;
import io.seatline.core.SeatlineEvents;
import io.seatline.core.TenantContext;
import io.seatline.spi.PluginInfo;
import io.seatline.spi.PluginService;
import io.seatline.spi.SeatlineEventListener;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whiteboard of {@link SeatlineEventListener} plug-ins. They come and go with their bundles (e.g. dropped into
 * deploy/); each is scoped by its {@code tenant.id} service property. Plug-ins run on their own thread with a
 * bounded queue, and one that throws is counted and logged, never propagated: a broken plug-in cannot take the
 * platform down or slow event delivery.
 */
@Component(service = {PluginService.class, PluginRegistry.class}, immediate = true)
public class PluginRegistry implements PluginService {
    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);

    /** A listener as Seatline calls it: its name read once, its events on its own thread, each time-boxed (5 s). */
    private record Registered(SeatlineEventListener listener, String name, String tenantId, String bundle, String version,
                              AtomicLong delivered, io.seatline.core.PluginCalls calls) {
    }

    private final Map<ServiceReference<?>, Registered> plugins = new ConcurrentHashMap<>();

    @Deactivate
    void deactivate() {
        plugins.values().forEach(r -> r.calls().close());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindListener(SeatlineEventListener listener, ServiceReference<SeatlineEventListener> ref) {
        Object tenant = ref.getProperty(SeatlineEventListener.TENANT_ID);
        Bundle b = ref.getBundle();
        String bundle = b == null ? "?" : b.getSymbolicName();
        // each plug-in on its own thread: one that blocks or throws delays no other plug-in and nothing of Seatline's
        io.seatline.core.PluginCalls calls = new io.seatline.core.PluginCalls("listener of " + bundle, 1, 10_000, java.time.Duration.ofSeconds(5), 20);
        String name = calls.call(listener::name, listener.getClass().getName());
        plugins.put(ref, new Registered(listener, name, tenant == null ? null : tenant.toString(), bundle,
            b == null ? "?" : b.getVersion().toString(), new AtomicLong(), calls));
        LOG.info("Plug-in {} registered (tenant {})", name, tenant == null ? "all" : tenant);
    }

    void unbindListener(SeatlineEventListener listener, ServiceReference<SeatlineEventListener> ref) {
        Registered r = plugins.remove(ref);
        if (r != null) {
            r.calls().close();
            LOG.info("Plug-in {} removed", r.name());
        }
    }

    void dispatch(String topic, Map<String, Object> props) {
        Object tenant = props.get(SeatlineEvents.TENANT_ID);
        for (Registered r : plugins.values()) {
            if (r.tenantId() == null || Objects.equals(r.tenantId(), tenant)) {
                // a copy the plug-in cannot change (null values allowed: Map.copyOf would refuse the whole event)
                Map<String, Object> copy = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(props));
                r.calls().submit(() -> {
                    r.listener().onEvent(topic, copy);
                    r.delivered().incrementAndGet();
                });
            }
        }
    }

    @Override
    public List<PluginInfo> list() {
        CallContext ctx = TenantContext.current();
        String tenant = ctx.tenantId();
        if (tenant == null && !ctx.operator()) {
            throw new io.seatline.core.NoTenantContextException("No tenant in context");
        }
        Permissions.require("plugins", "read");
        return plugins.values().stream()
            .filter(r -> tenant == null || r.tenantId() == null || r.tenantId().equals(tenant))
            .map(r -> new PluginInfo(r.name(), r.tenantId(), r.bundle(), r.version(), r.delivered().get(), r.calls().failures()))
            .sorted(Comparator.comparing(PluginInfo::name))
            .toList();
    }

}
