package io.seatline.crm.rest;

import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.core.Page;
import io.seatline.crm.KnowledgeService;
import io.seatline.crm.KnowledgeService.Article;
import io.seatline.crm.KnowledgeService.ArticleSpec;
import io.seatline.crm.KnowledgeService.Hit;
import io.seatline.crm.KnowledgeService.Version;
import java.net.URI;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** The knowledge base (FAQ): articles, versions, full-text search (Chinese and English), links from tickets. */
@Component(service = RestResource.class)
@Path("/tenants/{tenant}/kb")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class KnowledgeResource implements RestResource {
    private final KnowledgeService kb;

    @Activate
    public KnowledgeResource(@Reference KnowledgeService kb) {
        this.kb = kb;
    }

    /** ?q=退款&category=售后: ranked hits with a snippet. */
    @GET
    @Path("search")
    public Page<Hit> search(@PathParam("tenant") String tenant, @QueryParam("q") String q, @QueryParam("category") String category,
                            @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        int[] w = Page.window(offset, limit);
        return Access.inTenant(tenant, () -> kb.search(q, category, w[0], w[1]));
    }

    /** ?category=售后: every article (or a category's), by category then title or by {@code sort}, paged. */
    @GET
    @Path("articles")
    public Page<Article> list(@PathParam("tenant") String tenant, @QueryParam("category") String category, @QueryParam("sort") String sort,
                              @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        int[] w = Page.window(offset, limit);
        return Access.inTenant(tenant, () -> kb.list(category, io.seatline.core.Sort.parse(sort), w[0], w[1]));
    }

    /** The categories in use with their number of articles. */
    @GET
    @Path("categories")
    public java.util.Map<String, Long> categories(@PathParam("tenant") String tenant) {
        return Access.inTenant(tenant, kb::categories);
    }

    @POST
    @Path("articles")
    @Answer(status = 201, type = Article.class)
    public Response create(@PathParam("tenant") String tenant, ArticleSpec spec) {
        Article a = Access.inTenant(tenant, () -> kb.create(Access.body(spec)));
        return Response.created(URI.create("tenants/" + tenant + "/kb/articles/" + a.id())).entity(a).build();
    }

    /** Opening an article counts a use. */
    @GET
    @Path("articles/{id}")
    public Article get(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return Access.inTenant(tenant, () -> kb.use(id));
    }

    @PUT
    @Path("articles/{id}")
    public Article update(@PathParam("tenant") String tenant, @PathParam("id") String id, ArticleSpec spec) {
        return Access.inTenant(tenant, () -> kb.update(id, Access.body(spec)));
    }

    @DELETE
    @Path("articles/{id}")
    @Answer(status = 204)
    public Response delete(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        Access.inTenant(tenant, () -> {
            kb.delete(id);
            return null;
        });
        return Response.noContent().build();
    }

    @GET
    @Path("articles/{id}/versions")
    public List<Version> versions(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return Access.inTenant(tenant, () -> kb.versions(id));
    }

    /** Links the article from a ticket (counts a use). */
    @PUT
    @Path("articles/{id}/tickets/{ticket}")
    @Answer(status = 204)
    public Response link(@PathParam("tenant") String tenant, @PathParam("id") String id, @PathParam("ticket") String ticket) {
        Access.inTenant(tenant, () -> {
            kb.link(id, ticket);
            return null;
        });
        return Response.noContent().build();
    }

    @GET
    @Path("tickets/{ticket}")
    public List<Article> linked(@PathParam("tenant") String tenant, @PathParam("ticket") String ticket) {
        return Access.inTenant(tenant, () -> kb.linked(ticket));
    }
}
