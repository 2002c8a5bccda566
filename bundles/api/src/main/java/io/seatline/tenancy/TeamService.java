package io.seatline.tenancy;

import io.seatline.core.Page;

/** Teams of the tenant in context. */
public interface TeamService {
    Team create(TeamSpec spec);

    Team update(String id, TeamSpec spec);

    Team get(String id);

    Page<Team> list(int offset, int limit);

    void delete(String id);
}
