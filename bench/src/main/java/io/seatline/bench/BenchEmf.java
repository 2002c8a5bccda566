package io.seatline.bench;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.persistence.EntityManagerFactory;
import javax.persistence.SharedCacheMode;
import javax.persistence.ValidationMode;
import javax.persistence.spi.ClassTransformer;
import javax.persistence.spi.PersistenceUnitInfo;
import javax.persistence.spi.PersistenceUnitTransactionType;
import javax.sql.DataSource;
import org.hibernate.jpa.HibernatePersistenceProvider;

/** A capability's persistence unit outside OSGi, for benchmarks: its entities on a JDBC URL, as Aries JPA would start it. */
public final class BenchEmf {
    private BenchEmf() {
    }

    /** {@code work} in one transaction of a new EntityManager: committed when it returns, rolled back when it throws. */
    public static <T> T inTx(EntityManagerFactory emf, java.util.function.Function<javax.persistence.EntityManager, T> work) {
        javax.persistence.EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T r = work.apply(em);
            em.getTransaction().commit();
            return r;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    public static EntityManagerFactory create(String unit, Class<?>[] entities, String url, String user, String password, String dialect) {
        Properties props = new Properties();
        props.put("hibernate.dialect", dialect);
        props.put("hibernate.connection.url", url);
        props.put("hibernate.connection.username", user);
        props.put("hibernate.connection.password", password);
        props.put("hibernate.temp.use_jdbc_metadata_defaults", "false");
        props.put("hibernate.jdbc.batch_size", "500");
        props.put("hibernate.order_inserts", "true");
        props.put("hibernate.order_updates", "true");
        props.put("hibernate.connection.pool_size", "4");
        PersistenceUnitInfo info = new PersistenceUnitInfo() {
            public String getPersistenceUnitName() { return unit; }
            public String getPersistenceProviderClassName() { return HibernatePersistenceProvider.class.getName(); }
            public PersistenceUnitTransactionType getTransactionType() { return PersistenceUnitTransactionType.RESOURCE_LOCAL; }
            public DataSource getJtaDataSource() { return null; }
            public DataSource getNonJtaDataSource() { return null; }
            public List<String> getMappingFileNames() { return List.of(); }
            public List<URL> getJarFileUrls() { return List.of(); }
            public URL getPersistenceUnitRootUrl() { return null; }
            public List<String> getManagedClassNames() {
                List<String> names = new ArrayList<>();
                for (Class<?> e : entities) {
                    names.add(e.getName());
                }
                return names;
            }
            public boolean excludeUnlistedClasses() { return true; }
            public SharedCacheMode getSharedCacheMode() { return SharedCacheMode.NONE; }
            public ValidationMode getValidationMode() { return ValidationMode.NONE; }
            public Properties getProperties() { return props; }
            public String getPersistenceXMLSchemaVersion() { return "2.2"; }
            public ClassLoader getClassLoader() { return BenchEmf.class.getClassLoader(); }
            public void addTransformer(ClassTransformer transformer) { }
            public ClassLoader getNewTempClassLoader() { return null; }
        };
        return new HibernatePersistenceProvider().createContainerEntityManagerFactory(info, Map.of());
    }
}
