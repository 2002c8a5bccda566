package io.seatline.persistence;

import java.util.Map;
import org.osgi.framework.Bundle;

/**
 * The configured database (H2 embedded by default, MariaDB by configuration). Capability bundles migrate
 * their schema through it and build their persistence unit from {@link #jpaProperties()}, so no JPA
 * work can start before the schema is current.
 */
public interface SeatlineDatabase {

    /** "H2" or "MariaDB". */
    String product();

    /** Properties for {@code EntityManagerFactoryBuilder.createEntityManagerFactory}: data source and dialect. */
    Map<String, Object> jpaProperties();

    /** Applies the Liquibase changelog {@code changelog} found in {@code bundle}; serialised across bundles. */
    void migrate(Bundle bundle, String changelog);
}
