package io.seatline.persistence.internal;

import io.seatline.persistence.SeatlineDatabase;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.persistence.EntityManagerFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jpa.EntityManagerFactoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts every Seatline persistence unit in one way: a bundle that declares {@code Seatline-Changelog} in its
 * manifest gets its Liquibase changelog applied, then its EntityManagerFactory built with the configured data
 * source and dialect. Aries JPA publishes that EMF as a service only then, so no capability can touch JPA
 * before its schema is current.
 */
@Component(immediate = true)
public class PersistenceUnitStarter {
    static final String CHANGELOG_HEADER = "Seatline-Changelog";
    private static final Logger LOG = LoggerFactory.getLogger(PersistenceUnitStarter.class);

    @Reference
    private SeatlineDatabase database;

    private final Map<ServiceReference<?>, EntityManagerFactory> started = new ConcurrentHashMap<>();
    /** Builders bound before activation (DS binds dynamic references first). */
    private final Map<ServiceReference<EntityManagerFactoryBuilder>, EntityManagerFactoryBuilder> early = new ConcurrentHashMap<>();
    private volatile ExecutorService executor;

    /**
     * Guards {@link #executor} and {@link #early}: a builder may be bound on another thread while this component
     * activates, and must then be started exactly once (a builder put into {@code early} after activation emptied
     * it would never start, and the services of its bundle would never come up).
     */
    private final Object lock = new Object();

    @Activate
    void activate() {
        synchronized (lock) {
            executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "seatline-persistence-starter"));
            early.forEach((ref, builder) -> start(builder, ref));
            early.clear();
        }
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
        started.values().forEach(PersistenceUnitStarter::closeQuietly);
        started.clear();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    void bindBuilder(EntityManagerFactoryBuilder builder, ServiceReference<EntityManagerFactoryBuilder> ref) {
        synchronized (lock) {
            if (executor == null) {
                early.put(ref, builder);
            } else {
                start(builder, ref);
            }
        }
    }

    private void start(EntityManagerFactoryBuilder builder, ServiceReference<EntityManagerFactoryBuilder> ref) {
        Bundle bundle = ref.getBundle();
        String changelog = bundle == null ? null : bundle.getHeaders().get(CHANGELOG_HEADER);
        if (changelog == null) {
            return;
        }
        Object unit = ref.getProperty(EntityManagerFactoryBuilder.JPA_UNIT_NAME);
        executor.submit(() -> {
            try {
                database.migrate(bundle, changelog.trim());
                EntityManagerFactory emf = builder.createEntityManagerFactory(database.jpaProperties());
                started.put(ref, emf);
                LOG.info("Persistence unit {} started on {}", unit, database.product());
            } catch (RuntimeException e) {
                LOG.error("Persistence unit {} could not start: {}", unit, e.getMessage(), e);
            }
        });
    }

    void unbindBuilder(EntityManagerFactoryBuilder builder, ServiceReference<EntityManagerFactoryBuilder> ref) {
        synchronized (lock) {
            early.remove(ref);
        }
        closeQuietly(started.remove(ref));
    }

    private static void closeQuietly(EntityManagerFactory emf) {
        try {
            if (emf != null && emf.isOpen()) {
                emf.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("Closing a persistence unit failed: {}", e.getMessage());
        }
    }
}
