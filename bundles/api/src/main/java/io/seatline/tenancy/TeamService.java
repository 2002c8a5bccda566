package io.seatline.tenancy;

import io.seatline.core.Page;

/** Teams of the tenant in context. */
public interface TeamService {
    Team create(TeamSpec spec);

    Team update(String id, TeamSpec spec);

    Team get(String id);

    /** The teams, by name; {@code text} (part of a name) narrows them. */
    Page<Team> search(String text, int offset, int limit);

    default Page<Team> list(int offset, int limit) {
        return search(null, offset, limit);
    }

    void delete(String id);
}
