package io.seatline.persistence;

import io.seatline.core.CallContext;
import io.seatline.core.NotFoundException;
import io.seatline.core.TenantContext;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;
import org.hibernate.Filter;
import org.hibernate.Session;

/**
 * The one place tenant scoping is enforced. {@link #tenant} needs a tenant in context and enables the
 * Hibernate tenant filter so every query is scoped; {@link #operator} is for the operator's explicit
 * cross-tenant work. Each call is one transaction: it commits on success and rolls back on any exception,
 * so a rejected request leaves nothing half-written.
 *
 * <p>Hibernate filters do not apply to {@code em.find} or native SQL: load tenant-owned rows by id
 * through {@link #find}.
 */
public final class Jpa {
    private final EntityManagerFactory emf;

    public Jpa(EntityManagerFactory emf) {
        this.emf = emf;
    }

    /** Runs {@code work} in a transaction scoped to the context tenant. @throws io.seatline.core.NoTenantContextException */
    public <T> T tenant(Function<EntityManager, T> work) {
        String tenant = TenantContext.requireTenant();
        return inTransaction(em -> {
            em.unwrap(Session.class).enableFilter(TenantOwned.FILTER).setParameter(TenantOwned.PARAM, tenant);
            return work.apply(em);
        });
    }

    /** Runs {@code work} across tenants; only the operator may. */
    public <T> T operator(Function<EntityManager, T> work) {
        CallContext ctx = TenantContext.requireOperator();
        if (ctx.tenantId() != null) {
            // An operator who entered a tenant is scoped like that tenant's users.
            return tenant(work);
        }
        return inTransaction(work);
    }

    /**
     * Inside {@link #operator} work, scopes {@code em} to one tenant for {@code work}: the context tenant and the
     * query filter both become {@code tenant}, and both are restored afterwards.
     */
    public static <T> T inTenant(EntityManager em, String tenant, Supplier<T> work) {
        CallContext ctx = TenantContext.requireOperator();
        Session session = em.unwrap(Session.class);
        Filter previous = session.getEnabledFilter(TenantOwned.FILTER);
        Object previousTenant = ctx.tenantId();
        session.enableFilter(TenantOwned.FILTER).setParameter(TenantOwned.PARAM, tenant);
        try {
            return TenantContext.call(ctx.withTenant(tenant), work);
        } finally {
            if (previous == null) {
                session.disableFilter(TenantOwned.FILTER);
            } else {
                session.enableFilter(TenantOwned.FILTER).setParameter(TenantOwned.PARAM, previousTenant);
            }
        }
    }

    private static final java.util.regex.Pattern BULK =
        java.util.regex.Pattern.compile("(?is)\\s*(delete\\s+from|update)\\s+(\\w+)\\s+(\\w+)\\b(.*)");
    private static final java.util.regex.Pattern WHERE = java.util.regex.Pattern.compile("(?i)\\swhere\\s");
    /** The parameter {@link #bulk} binds the context tenant to. */
    public static final String BULK_TENANT = "slBulkTenant";

    /**
     * A bulk {@code update} or {@code delete} of a tenant-owned entity, confined to the context tenant. Hibernate's
     * tenant filter does not reach bulk statements, so the condition {@code alias.tenantId = :slBulkTenant} is
     * written into the statement here: a statement without a where clause, or with a wrong one, can never touch
     * another tenant's rows. The statement must read {@code delete from Entity alias ...} or
     * {@code update Entity alias set ...}. The caller binds its own parameters and runs {@code executeUpdate()}.
     *
     * @throws io.seatline.core.NoTenantContextException without a tenant in context
     * @throws IllegalArgumentException for a statement of another shape or an entity that is not tenant-owned
     */
    public static javax.persistence.Query bulk(EntityManager em, String jpql) {
        String tenant = TenantContext.requireTenant();
        return em.createQuery(scoped(em, jpql, true)).setParameter(BULK_TENANT, tenant);
    }

    /**
     * A bulk statement of the operator's own: on an entity that is not tenant-owned (the billing catalog, runs), or on
     * operator-level rows of a tenant-owned one, which the statement must select with {@code alias.tenantId is null}.
     *
     * @throws io.seatline.core.ForbiddenException unless the context is an operator's outside any tenant
     */
    public static javax.persistence.Query operatorBulk(EntityManager em, String jpql) {
        CallContext ctx = TenantContext.requireOperator();
        if (ctx.tenantId() != null) {
            throw new IllegalStateException("operatorBulk inside tenant " + ctx.tenantId() + ": use Jpa.bulk");
        }
        return em.createQuery(scoped(em, jpql, false));
    }

    /** The statement with the tenant condition added ({@code tenant} true), or checked to be operator-level. */
    static String scoped(EntityManager em, String jpql, boolean tenant) {
        java.util.regex.Matcher m = BULK.matcher(jpql);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a bulk statement of the form 'delete from Entity alias ...' or 'update Entity alias set ...': " + jpql);
        }
        String entity = m.group(2);
        String alias = m.group(3);
        boolean owned = em.getMetamodel().getEntities().stream()
            .filter(e -> e.getName().equals(entity)).findFirst()
            .map(e -> TenantOwned.class.isAssignableFrom(e.getJavaType()))
            .orElseThrow(() -> new IllegalArgumentException("unknown entity " + entity + " in " + jpql));
        if (!tenant) {
            if (owned && !jpql.replaceAll("\\s+", " ").contains(alias + ".tenantId is null")) {
                throw new IllegalArgumentException("an operator's bulk statement on tenant-owned " + entity + " must select "
                    + alias + ".tenantId is null (use Jpa.bulk for a tenant's rows): " + jpql);
            }
            return jpql;
        }
        if (!owned) {
            throw new IllegalArgumentException(entity + " is not tenant-owned: use Jpa.operatorBulk for " + jpql);
        }
        String condition = alias + ".tenantId = :" + BULK_TENANT;
        java.util.regex.Matcher w = WHERE.matcher(jpql);
        if (w.find()) {
            return jpql.substring(0, w.end()) + condition + " and (" + jpql.substring(w.end()) + ")";
        }
        return jpql + " where " + condition;
    }

    /** Loads a tenant-owned row by id, or null when it is absent or belongs to another tenant. */
    public static <T extends TenantOwned> T find(EntityManager em, Class<T> type, Object id) {
        if (id == null) {
            return null;
        }
        T row = em.find(type, id);
        if (row == null) {
            return null;
        }
        String tenant = TenantContext.current().tenantId();
        if (tenant == null ? !TenantContext.current().operator() : !tenant.equals(row.getTenantId())) {
            return null;
        }
        return row;
    }

    /** Like {@link #find} but throws {@link NotFoundException} with {@code what} in the message. */
    public static <T extends TenantOwned> T get(EntityManager em, Class<T> type, Object id, String what) {
        T row = find(em, type, id);
        if (row == null) {
            throw new NotFoundException("not_found", what + " '" + id + "' not found");
        }
        return row;
    }

    /**
     * The row of {@code type} whose {@code name} property equals {@code name}, if any. Tenant-owned types are
     * seen through the tenant filter of {@code em} like any query.
     */
    public static <T> java.util.Optional<T> named(EntityManager em, Class<T> type, String name) {
        return em.createQuery("select e from " + type.getSimpleName() + " e where e.name = :n", type).setParameter("n", name)
            .getResultStream().findFirst();
    }

    private <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        } finally {
            em.close();
        }
    }

    /**
     * The optional conditions of a search: each non-null value adds {@code alias.field op :param}, a null one is left
     * out. {@link #where()} goes after the FROM clause; {@link #bind} sets the parameters on a query.
     */
    public static final class Where {
        private final String alias;
        private final StringBuilder sql = new StringBuilder();
        private final java.util.Map<String, Object> params = new java.util.LinkedHashMap<>();

        public Where(String alias) {
            this.alias = alias;
        }

        public Where eq(String field, Object value) {
            return add(field, "=", value);
        }

        /** {@code field >= value} */
        public Where atLeast(String field, Object value) {
            return add(field, ">=", value);
        }

        /** {@code field < value} */
        public Where before(String field, Object value) {
            return add(field, "<", value);
        }

        /** A condition without parameters, e.g. {@code c.score is not null}. */
        public Where and(String condition) {
            sql.append(sql.length() == 0 ? " where " : " and ").append(condition);
            return this;
        }

        private Where add(String field, String op, Object value) {
            if (value == null) {
                return this;
            }
            String p = "w" + params.size();
            params.put(p, value);
            return and(alias + "." + field + " " + op + " :" + p);
        }

        public String where() {
            return sql.toString();
        }

        public <T> javax.persistence.TypedQuery<T> bind(javax.persistence.TypedQuery<T> query) {
            params.forEach(query::setParameter);
            return query;
        }
    }
}
