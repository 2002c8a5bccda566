package io.seatline.crm;

import io.seatline.core.Page;
import java.time.Instant;
import java.util.List;

/**
 * The tenant's knowledge base (FAQ): articles with a category, keywords and versions, searched in full text with an
 * analyser that segments Chinese words (and stems English), ranked; usage is counted (opened by an agent, or linked
 * from a ticket). Each tenant has its own index.
 */
public interface KnowledgeService {

    /** An article at its current version. */
    record Article(String id, String category, String title, String body, List<String> keywords, int version, long usage, Instant updatedAt,
                   String updatedBy) {
    }

    record ArticleSpec(String category, String title, String body, List<String> keywords) {
    }

    /** A search result: the article, its score and a snippet of its body. */
    record Hit(Article article, float score, String snippet) {
    }

    /** A former (or the current) version of an article. */
    record Version(int version, String title, String body, List<String> keywords, Instant at, String by) {
    }

    Article create(ArticleSpec spec);

    /** A new version; the former one stays readable. */
    Article update(String id, ArticleSpec spec);

    Article get(String id);

    /** Opens the article for an agent: counts a use. */
    Article use(String id);

    void delete(String id);

    List<Version> versions(String id);

    /** Every article (or a category's), by category then title, paged: what the knowledge base's editors browse. */
    default Page<Article> list(String category, int offset, int limit) {
        return list(category, null, offset, limit);
    }

    /** As the list above, ordered by {@code sort}: title, category, updated, usage or version (null: by category then title). */
    Page<Article> list(String category, io.seatline.core.Sort sort, int offset, int limit);

    /** The categories in use, each with its number of articles, by name. */
    java.util.Map<String, Long> categories();

    /** Full-text search over title (weighted most), keywords and body, optionally in one category. */
    Page<Hit> search(String query, String category, int offset, int limit);

    /** Links the article to a ticket of the tenant (counts a use); the ticket's articles are listed by {@link #linked}. */
    void link(String articleId, String ticketId);

    List<Article> linked(String ticketId);
}
