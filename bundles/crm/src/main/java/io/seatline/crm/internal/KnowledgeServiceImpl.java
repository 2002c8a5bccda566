package io.seatline.crm.internal;

import io.seatline.core.Permissions;
import io.seatline.core.NotFoundException;
import io.seatline.core.Page;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.crm.KnowledgeService;
import io.seatline.crm.internal.entity.ArticleEntity;
import io.seatline.crm.internal.entity.ArticleLinkEntity;
import io.seatline.crm.internal.entity.ArticleVersionEntity;
import io.seatline.crm.internal.entity.TicketEntity;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge base: articles and their versions in the database, and one Lucene index per tenant in the data
 * folder, rebuilt from the database when it does not match (first use, lost folder).
 */
@Component(service = KnowledgeService.class, configurationPid = "seatline.crm", configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class KnowledgeServiceImpl implements KnowledgeService {
    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeServiceImpl.class);

    @Reference(target = "(osgi.unit.name=seatline-crm)")
    private EntityManagerFactory emf;
    @Reference
    private AuditService audit;

    private Jpa jpa;
    private Path dir;
    private final Map<String, KbIndex> indexes = new ConcurrentHashMap<>();

    @Activate
    void activate(CrmConfig cfg) {
        jpa = new Jpa(emf);
        dir = (cfg.data_dir().isBlank() ? Paths.get(System.getProperty("karaf.data", "data"), "seatline", "crm") : Paths.get(cfg.data_dir()))
            .resolve("kb");
    }

    /** etc/seatline.crm.cfg edited: the search indexes stay where they are open; a new data.dir applies at the next start. */
    @Modified
    void modified(CrmConfig cfg) {
        LOG.debug("seatline.crm changed; knowledge indexes keep their folder {}", dir);
    }

    @Deactivate
    void deactivate() {
        indexes.values().forEach(i -> {
            try {
                i.close();
            } catch (IOException e) {
                LOG.warn("knowledge index not closed: {}", e.toString());
            }
        });
        indexes.clear();
    }

    /** The tenant's index, opened (and made to match the database) on first use. */
    private KbIndex index() {
        String tenant = TenantContext.requireTenant();
        return indexes.computeIfAbsent(tenant, t -> {
            try {
                Path p = dir.resolve(t);
                Files.createDirectories(p);
                KbIndex idx = new KbIndex(p);
                long inDb = jpa.tenant(em -> em.createQuery("select count(a) from ArticleEntity a", Long.class).getSingleResult());
                if (inDb != idx.count()) {
                    LOG.info("rebuilding the knowledge index of {} ({} articles, {} indexed)", t, inDb, idx.count());
                    idx.clear();
                    jpa.tenant(em -> {
                        em.createQuery("select a from ArticleEntity a", ArticleEntity.class).getResultStream()
                            .forEach(a -> idx.put(a.id, a.category, a.title, a.keywords, a.body, false));
                        return null;
                    });
                    idx.commit();
                }
                return idx;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public Article create(ArticleSpec spec) {
        Permissions.require("kb", "write");
        check(spec);
        String by = TenantContext.current().principal();
        Instant now = Instant.now();
        ArticleEntity a = jpa.tenant(em -> {
            ArticleEntity e = new ArticleEntity();
            e.id = UUID.randomUUID().toString();
            e.version = 1;
            e.usage = 0;
            write(e, spec, now, by);
            em.persist(e);
            version(em, e);
            return e;
        });
        index().put(a.id, a.category, a.title, a.keywords, a.body, true);
        audit.record("kb.create", a.id, a.title);
        return article(a);
    }

    @Override
    public Article update(String id, ArticleSpec spec) {
        Permissions.require("kb", "write");
        check(spec);
        String by = TenantContext.current().principal();
        Instant now = Instant.now();
        ArticleEntity a = jpa.tenant(em -> {
            ArticleEntity e = Jpa.get(em, ArticleEntity.class, id, "article");
            e.version++;
            write(e, spec, now, by);
            version(em, e);
            return e;
        });
        index().put(a.id, a.category, a.title, a.keywords, a.body, true);
        audit.record("kb.update", id, "v" + a.version + " " + a.title);
        return article(a);
    }

    private static void check(ArticleSpec s) {
        if (s == null) {
            throw new ValidationException("body_required", "a JSON body is required", null);
        }
        if (s.title() == null || s.title().isBlank() || s.title().length() > 200) {
            throw new ValidationException("invalid_title", "title: 1-200 characters", "title");
        }
        if (s.body() == null || s.body().isBlank() || s.body().length() > 100_000) {
            throw new ValidationException("invalid_body", "body: 1-100000 characters", "body");
        }
        if (s.category() == null || s.category().isBlank() || s.category().length() > 100) {
            throw new ValidationException("invalid_category", "category: 1-100 characters", "category");
        }
        if (s.keywords() != null && String.join(",", s.keywords()).length() > 1000) {
            throw new ValidationException("invalid_keywords", "keywords: at most 1000 characters in all", "keywords");
        }
    }

    private static void write(ArticleEntity e, ArticleSpec s, Instant now, String by) {
        e.category = s.category().strip();
        e.title = s.title().strip();
        e.body = s.body();
        e.keywords = s.keywords() == null ? "" : String.join(",", s.keywords().stream().map(String::strip).filter(k -> !k.isEmpty()).toList());
        e.updatedAt = now;
        e.updatedBy = by;
    }

    private static void version(EntityManager em, ArticleEntity a) {
        ArticleVersionEntity v = new ArticleVersionEntity();
        v.id = UUID.randomUUID().toString();
        v.articleId = a.id;
        v.version = a.version;
        v.title = a.title;
        v.body = a.body;
        v.keywords = a.keywords;
        v.at = a.updatedAt;
        v.by = a.updatedBy;
        em.persist(v);
    }

    @Override
    public Article get(String id) {
        return jpa.tenant(em -> article(Jpa.get(em, ArticleEntity.class, id, "article")));
    }

    @Override
    public Article use(String id) {
        Permissions.require("kb", "read");
        return jpa.tenant(em -> {
            ArticleEntity a = Jpa.get(em, ArticleEntity.class, id, "article");
            a.usage++;
            return article(a);
        });
    }

    @Override
    public void delete(String id) {
        Permissions.require("kb", "write");
        jpa.tenant(em -> {
            ArticleEntity a = Jpa.get(em, ArticleEntity.class, id, "article");
            Jpa.bulk(em, "delete from ArticleVersionEntity v where v.articleId = :a").setParameter("a", id).executeUpdate();
            Jpa.bulk(em, "delete from ArticleLinkEntity l where l.articleId = :a").setParameter("a", id).executeUpdate();
            em.remove(a);
            return null;
        });
        index().remove(id);
        audit.record("kb.delete", id, null);
    }

    /** The fields the article list sorts by. */
    private static final Map<String, String> ARTICLE_SORT = io.seatline.core.Sort.columns("title", "lower(a.title)", "category", "a.category",
        "updated", "a.updatedAt", "usage", "a.usage", "version", "a.version");

    @Override
    public Page<Article> list(String category, io.seatline.core.Sort sort, int offset, int limit) {
        Permissions.require("kb", "read");
        String order = io.seatline.core.Sort.orderBy(sort, ARTICLE_SORT, "a.category, a.title, a.id", "a.id");
        String cat = category == null || category.isBlank() ? null : category.strip();
        String where = cat == null ? "" : " where a.category = :c";
        return jpa.tenant(em -> {
            var items = em.createQuery("select a from ArticleEntity a" + where + order, ArticleEntity.class);
            var count = em.createQuery("select count(a) from ArticleEntity a" + where, Long.class);
            if (cat != null) {
                items.setParameter("c", cat);
                count.setParameter("c", cat);
            }
            List<Article> page = items.setFirstResult(offset).setMaxResults(limit).getResultList().stream().map(KnowledgeServiceImpl::article).toList();
            return new Page<>(page, count.getSingleResult(), offset, limit);
        });
    }

    @Override
    public Map<String, Long> categories() {
        Permissions.require("kb", "read");
        return jpa.tenant(em -> {
            Map<String, Long> out = new java.util.LinkedHashMap<>();
            for (Object[] row : em.createQuery("select a.category, count(a) from ArticleEntity a group by a.category order by a.category", Object[].class)
                .getResultList()) {
                out.put((String) row[0], ((Number) row[1]).longValue());
            }
            return out;
        });
    }

    @Override
    public List<Version> versions(String id) {
        Permissions.require("kb", "read");
        return jpa.tenant(em -> {
            Jpa.get(em, ArticleEntity.class, id, "article");
            return em.createQuery("select v from ArticleVersionEntity v where v.articleId = :a order by v.version desc", ArticleVersionEntity.class)
                .setParameter("a", id).getResultList().stream().map(v -> new Version(v.version, v.title, v.body, keywords(v.keywords), v.at, v.by))
                .toList();
        });
    }

    @Override
    public Page<Hit> search(String query, String category, int offset, int limit) {
        Permissions.require("kb", "read");
        if (query == null || query.isBlank() || query.length() > 500) {
            throw new ValidationException("invalid_query", "q: 1-500 characters", "q");
        }
        KbIndex idx = index();
        KbIndex.Result r = idx.search(query, category == null || category.isBlank() ? null : category.strip(), offset, limit);
        if (r.found().isEmpty()) {
            return new Page<>(List.of(), r.total(), offset, limit);
        }
        List<String> words = idx.words(query);
        Map<String, ArticleEntity> byId = new HashMap<>();
        jpa.tenant(em -> {
            em.createQuery("select a from ArticleEntity a where a.id in :ids", ArticleEntity.class)
                .setParameter("ids", r.found().stream().map(KbIndex.Found::id).toList()).getResultList().forEach(a -> byId.put(a.id, a));
            return null;
        });
        List<Hit> hits = new ArrayList<>();
        for (KbIndex.Found f : r.found()) {
            ArticleEntity a = byId.get(f.id());
            if (a != null) {
                hits.add(new Hit(article(a), f.score(), snippet(a.body, words)));
            }
        }
        return new Page<>(hits, r.total(), offset, limit);
    }

    /** Up to 120 characters of the body around the first query word found in it. */
    static String snippet(String body, List<String> words) {
        int at = -1;
        String lower = body.toLowerCase(java.util.Locale.ROOT);
        for (String w : words) {
            int i = lower.indexOf(w);
            if (i >= 0 && (at < 0 || i < at)) {
                at = i;
            }
        }
        int from = Math.max(0, at < 0 ? 0 : at - 40);
        int to = Math.min(body.length(), from + 120);
        return (from > 0 ? "…" : "") + body.substring(from, to) + (to < body.length() ? "…" : "");
    }

    @Override
    public void link(String articleId, String ticketId) {
        Permissions.require("tickets", "write");
        jpa.tenant(em -> {
            ArticleEntity a = Jpa.get(em, ArticleEntity.class, articleId, "article");
            Jpa.get(em, TicketEntity.class, ticketId, "ticket");
            if (em.createQuery("select count(l) from ArticleLinkEntity l where l.articleId = :a and l.ticketId = :t", Long.class)
                .setParameter("a", articleId).setParameter("t", ticketId).getSingleResult() == 0) {
                ArticleLinkEntity l = new ArticleLinkEntity();
                l.id = UUID.randomUUID().toString();
                l.articleId = articleId;
                l.ticketId = ticketId;
                l.at = Instant.now();
                em.persist(l);
                a.usage++;
            }
            return null;
        });
    }

    @Override
    public List<Article> linked(String ticketId) {
        Permissions.require("kb", "read");
        return jpa.tenant(em -> {
            Jpa.get(em, TicketEntity.class, ticketId, "ticket");
            return em.createQuery("select a from ArticleEntity a where a.id in (select l.articleId from ArticleLinkEntity l where l.ticketId = :t)"
                + " order by a.title", ArticleEntity.class).setParameter("t", ticketId).getResultList().stream().map(KnowledgeServiceImpl::article)
                .toList();
        });
    }

    private static List<String> keywords(String k) {
        return k == null || k.isEmpty() ? List.of() : Arrays.asList(k.split(","));
    }

    private static Article article(ArticleEntity a) {
        return new Article(a.id, a.category, a.title, a.body, keywords(a.keywords), a.version, a.usage, a.updatedAt, a.updatedBy);
    }
}
