package io.seatline.persistence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import io.seatline.core.CallContext;
import io.seatline.core.NoTenantContextException;
import io.seatline.core.NotFoundException;
import io.seatline.core.TenantContext;
import java.util.List;
import java.util.Set;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** Proves tenant scoping lives in {@link Jpa}: no context fails, and one tenant never sees another's rows. */
public class JpaTenantScopingTest {
    private static EntityManagerFactory emf;
    private static Jpa jpa;

    @BeforeClass
    public static void setUp() {
        emf = Persistence.createEntityManagerFactory("scoping-test");
        jpa = new Jpa(emf);
        TenantContext.run(user("acme"), () -> jpa.tenant(em -> { em.persist(new Note("a1", "acme note 你好")); return null; }));
        TenantContext.run(user("globex"), () -> jpa.tenant(em -> { em.persist(new Note("g1", "globex note")); return null; }));
    }

    @AfterClass
    public static void tearDown() {
        emf.close();
    }

    private static CallContext user(String tenant) {
        return new CallContext("admin@" + tenant, "u-" + tenant, tenant, Set.of("tenant-admin"), false, p -> false);
    }

    private static List<Note> allNotes() {
        return jpa.tenant(em -> em.createQuery("select n from Note n", Note.class).getResultList());
    }

    @Test
    public void queryWithoutContextThrows() {
        assertNull(TenantContext.peek());
        assertThrows(NoTenantContextException.class, JpaTenantScopingTest::allNotes);
    }

    @Test
    public void contextWithoutTenantThrowsForNonOperator() {
        CallContext noTenant = new CallContext("someone", null, null, Set.of(), false, p -> false);
        assertThrows(NoTenantContextException.class, () -> TenantContext.run(noTenant, JpaTenantScopingTest::allNotes));
        assertThrows(io.seatline.core.ForbiddenException.class,
            () -> TenantContext.run(noTenant, () -> jpa.operator(em -> null)));
    }

    @Test
    public void queriesAreScopedToTheContextTenant() {
        List<Note> acme = TenantContext.call(user("acme"), JpaTenantScopingTest::allNotes);
        assertEquals(1, acme.size());
        assertEquals("acme note 你好", acme.get(0).text);
        List<Note> globex = TenantContext.call(user("globex"), JpaTenantScopingTest::allNotes);
        assertEquals(1, globex.size());
        assertEquals("g1", globex.get(0).id);
    }

    @Test
    public void loadByIdOfAnotherTenantsRowFindsNothing() {
        TenantContext.run(user("globex"), () -> jpa.tenant(em -> {
            assertNull(Jpa.find(em, Note.class, "a1"));
            assertThrows(NotFoundException.class, () -> Jpa.get(em, Note.class, "a1", "note"));
            assertNotNull(Jpa.find(em, Note.class, "g1"));
            return null;
        }));
    }

    @Test
    public void writingAnotherTenantsRowIsRefusedAndRolledBack() {
        Note forged = new Note("x1", "forged");
        forged.setTenantId("acme");
        assertThrows(RuntimeException.class,
            () -> TenantContext.run(user("globex"), () -> jpa.tenant(em -> { em.persist(forged); return null; })));
        List<Note> acme = TenantContext.call(user("acme"), JpaTenantScopingTest::allNotes);
        assertEquals(1, acme.size());
    }

    @Test
    public void operatorSeesAllTenantsOnlyExplicitly() {
        List<Note> all = TenantContext.call(CallContext.operator("op"),
            () -> jpa.operator(em -> em.createQuery("select n from Note n", Note.class).getResultList()));
        assertEquals(2, all.stream().filter(n -> n.id.equals("a1") || n.id.equals("g1")).count());
        // The operator inside one tenant is scoped like that tenant.
        List<Note> inAcme = TenantContext.call(CallContext.operator("op").withTenant("acme"),
            () -> jpa.operator(em -> em.createQuery("select n from Note n", Note.class).getResultList()));
        assertEquals(List.of("a1"), inAcme.stream().map(n -> n.id).toList());
    }

    @Test
    public void bulkStatementsReachOnlyTheContextTenantWhateverTheirWhereClause() {
        TenantContext.run(user("initech"), () -> jpa.tenant(em -> { em.persist(new Note("i1", "initech")); em.persist(new Note("i2", "initech")); return null; }));
        TenantContext.run(user("umbrella"), () -> jpa.tenant(em -> { em.persist(new Note("u1", "umbrella")); return null; }));
        // a delete without a where clause empties initech only
        int deleted = TenantContext.call(user("initech"), () -> jpa.tenant(em -> Jpa.bulk(em, "delete from Note n").executeUpdate()));
        assertEquals(2, deleted);
        assertEquals(1, TenantContext.call(user("umbrella"), JpaTenantScopingTest::allNotes).size());
        // an update naming another tenant's row by id changes nothing
        int updated = TenantContext.call(user("initech"), () -> jpa.tenant(em ->
            Jpa.bulk(em, "update Note n set n.text = 'stolen' where n.id = :id").setParameter("id", "u1").executeUpdate()));
        assertEquals(0, updated);
        assertEquals("umbrella", TenantContext.call(user("umbrella"), JpaTenantScopingTest::allNotes).get(0).text);
        assertThrows(NoTenantContextException.class, () -> jpa.tenant(em -> Jpa.bulk(em, "delete from Note n")));
        assertThrows(IllegalArgumentException.class,
            () -> TenantContext.run(user("initech"), () -> jpa.tenant(em -> Jpa.bulk(em, "delete Note where id = 'x'"))));
    }
}
