package io.seatline.qa.internal;

import io.seatline.qa.QaService.*;
import io.seatline.core.ConflictException;
import io.seatline.persistence.Jpa;
import io.seatline.persistence.JsonColumns;
import io.seatline.qa.internal.calc.Scoring;
import io.seatline.qa.internal.entity.ScorecardEntity;
import io.seatline.qa.internal.entity.ScorecardVersionEntity;
import io.seatline.qa.internal.entity.TeamMemberEntity;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.persistence.EntityManager;

/** Scorecards (versions, items, weights) and the tenant's virtual QA team. One part of {@link QaServiceImpl}. */
final class ScorecardsPart extends QaPart {
    ScorecardsPart(QaServiceImpl owner) {
        super(owner);
    }

    public Scorecard createScorecard(ScorecardSpec spec) {
        need("manage");
        ScorecardSpec card = Scoring.check(spec);
        return tx(em -> {
            if (Jpa.named(em, ScorecardEntity.class, card.name()).isPresent()) {
                throw new ConflictException("duplicate_name", "a scorecard named '" + card.name() + "' exists: add a version to it", "name");
            }
            ScorecardEntity s = new ScorecardEntity();
            s.id = UUID.randomUUID().toString();
            s.name = card.name();
            s.latestVersion = 1;
            s.createdAt = Instant.now();
            s.createdBy = me();
            em.persist(s);
            ScorecardVersionEntity v = version(s, 1, card);
            em.persist(v);
            audited("qa.scorecard.create", s.id, s.name);
            return toApi(em, s, v);
        });
    }

    static ScorecardVersionEntity version(ScorecardEntity s, int no, ScorecardSpec card) {
        ScorecardVersionEntity v = new ScorecardVersionEntity();
        v.id = UUID.randomUUID().toString();
        v.scorecardId = s.id;
        v.versionNo = no;
        v.definitionJson = JsonColumns.write(card);
        v.createdAt = Instant.now();
        v.createdBy = me();
        return v;
    }

    public Scorecard newVersion(String scorecardId, ScorecardSpec spec) {
        need("manage");
        ScorecardSpec card = Scoring.check(spec);
        return tx(em -> {
            ScorecardEntity s = Jpa.get(em, ScorecardEntity.class, scorecardId, "scorecard");
            rename(em, s, card.name());
            s.latestVersion++;
            ScorecardVersionEntity v = version(s, s.latestVersion, card);
            em.persist(v);
            audited("qa.scorecard.version", s.id, s.name + " v" + v.versionNo);
            return toApi(em, s, v);
        });
    }

    static void rename(EntityManager em, ScorecardEntity s, String name) {
        if (!s.name.equals(name)) {
            if (Jpa.named(em, ScorecardEntity.class, name).isPresent()) {
                throw new ConflictException("duplicate_name", "a scorecard named '" + name + "' exists", "name");
            }
            s.name = name;
        }
    }

    public Scorecard updateVersion(String scorecardId, int version, ScorecardSpec spec) {
        need("manage");
        ScorecardSpec card = Scoring.check(spec);
        return tx(em -> {
            ScorecardEntity s = Jpa.get(em, ScorecardEntity.class, scorecardId, "scorecard");
            ScorecardVersionEntity v = versionOf(em, s, version);
            long used = used(em, v.id);
            if (used > 0) {
                throw new ConflictException("version_in_use", "version " + version + " of '" + s.name + "' is used by " + used
                    + " evaluations and cannot change: create a new version (POST .../versions)", "version");
            }
            rename(em, s, card.name());
            v.definitionJson = JsonColumns.write(card);
            audited("qa.scorecard.update", s.id, s.name + " v" + version);
            return toApi(em, s, v);
        });
    }





    public Scorecard scorecard(String scorecardId, Integer version) {
        return tx(em -> {
            if (!can("read") && !evaluator(em)) {
                need("read");
            }
            ScorecardEntity s = Jpa.get(em, ScorecardEntity.class, scorecardId, "scorecard");
            return toApi(em, s, versionOf(em, s, version));
        });
    }

    public List<Scorecard> scorecards() {
        return tx(em -> {
            if (!can("read") && !evaluator(em)) {
                need("read");
            }
            return em.createQuery("select s from ScorecardEntity s order by s.name", ScorecardEntity.class).getResultList().stream()
                .map(s -> toApi(em, s, versionOf(em, s, null))).toList();
        });
    }


    public List<String> qaTeam() {
        need("read");
        return tx(em -> em.createQuery("select m.userId from TeamMemberEntity m order by m.userId", String.class).getResultList());
    }

    public List<String> setQaTeam(List<String> userIds) {
        need("manage");
        List<String> ids = userIds == null ? List.of() : userIds.stream().distinct().toList();
        for (int i = 0; i < ids.size(); i++) {
            user(ids.get(i), "userIds[" + i + "]");
        }
        return tx(em -> {
            // bulk statements are not filtered by tenant: say which
            Jpa.bulk(em, "delete from TeamMemberEntity m").executeUpdate();
            for (String id : ids) {
                TeamMemberEntity m = new TeamMemberEntity();
                m.id = UUID.randomUUID().toString();
                m.userId = id;
                m.addedAt = Instant.now();
                em.persist(m);
            }
            audited("qa.team", "qa-team", String.join(",", ids));
            return ids;
        });
    }
}
