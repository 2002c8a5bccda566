package io.seatline.qa.internal.calc;

import io.seatline.core.ValidationException;
import io.seatline.qa.QaService.Answer;
import io.seatline.qa.QaService.Item;
import io.seatline.qa.QaService.ItemResult;
import io.seatline.qa.QaService.Marker;
import io.seatline.qa.QaService.ScorecardSpec;
import io.seatline.qa.QaService.Section;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Scorecard rules and the score of an evaluation. An item scores {@code value / max} of its weight; N/A items leave
 * both the earned and the possible weight; observe-only items are recorded and never scored. The score is the earned
 * share of the possible weight, 0-100, half-up to two decimals. A 0 on a fatal item is a fatal error: the score
 * becomes 0 (fatal mode ZERO) or stands but fails (FAIL).
 */
public final class Scoring {
    public static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    /** A scored evaluation. */
    public record Result(BigDecimal score, boolean passed, boolean fatalError, List<ItemResult> items) {
    }

    private Scoring() {
    }

    /** Checks a scorecard and returns it normalised (upper-case codes, defaults filled in). */
    public static ScorecardSpec check(ScorecardSpec spec) {
        if (spec == null) {
            throw new ValidationException("body_required", "a scorecard is required", null);
        }
        String name = spec.name() == null ? "" : spec.name().trim();
        if (name.isEmpty() || name.length() > 120) {
            throw new ValidationException("invalid_name", "a scorecard needs a name of 1-120 characters", "name");
        }
        String scoring = upper(spec.scoring(), "PERCENT");
        if (!scoring.equals("PERCENT") && !scoring.equals("POINTS")) {
            throw new ValidationException("invalid_scoring", "scoring is PERCENT (weights add up to 100) or POINTS", "scoring");
        }
        String fatalMode = upper(spec.fatalMode(), "ZERO");
        if (!fatalMode.equals("ZERO") && !fatalMode.equals("FAIL")) {
            throw new ValidationException("invalid_fatal_mode", "fatalMode is ZERO (a fatal error scores 0) or FAIL", "fatalMode");
        }
        BigDecimal pass = spec.passMark() == null ? BigDecimal.valueOf(80) : spec.passMark();
        if (pass.signum() < 0 || pass.compareTo(HUNDRED) > 0) {
            throw new ValidationException("invalid_pass_mark", "passMark is 0-100", "passMark");
        }
        if (spec.sections() == null || spec.sections().isEmpty()) {
            throw new ValidationException("no_sections", "a scorecard needs at least one section with items", "sections");
        }
        Set<String> keys = new HashSet<>();
        BigDecimal total = BigDecimal.ZERO;
        int scored = 0;
        List<Section> sections = new ArrayList<>();
        for (int s = 0; s < spec.sections().size(); s++) {
            Section sec = spec.sections().get(s);
            String sf = "sections[" + s + "]";
            if (sec == null || sec.name() == null || sec.name().isBlank() || sec.name().length() > 120) {
                throw new ValidationException("invalid_section", "a section needs a name of 1-120 characters", sf + ".name");
            }
            if (sec.items() == null || sec.items().isEmpty()) {
                throw new ValidationException("no_items", "section '" + sec.name() + "' has no items", sf + ".items");
            }
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < sec.items().size(); i++) {
                Item it = sec.items().get(i);
                String f = sf + ".items[" + i + "]";
                if (it == null || it.key() == null || !KEY.matcher(it.key()).matches()) {
                    throw new ValidationException("invalid_item_key", "an item key is 1-40 of a-z, 0-9, - and _", f + ".key");
                }
                if (!keys.add(it.key())) {
                    throw new ValidationException("duplicate_item", "item key '" + it.key() + "' is used twice", f + ".key");
                }
                if (it.text() == null || it.text().isBlank() || it.text().length() > 500) {
                    throw new ValidationException("invalid_item_text", "an item needs a text of 1-500 characters", f + ".text");
                }
                String scale = upper(it.scale(), "YES_NO");
                int max;
                if (scale.equals("YES_NO")) {
                    max = 1;
                } else if (scale.equals("RANGE")) {
                    if (it.max() == null || it.max() < 1 || it.max() > 100) {
                        throw new ValidationException("invalid_scale", "a RANGE item needs max 1-100 (scores 0..max)", f + ".max");
                    }
                    max = it.max();
                } else {
                    throw new ValidationException("invalid_scale", "scale is YES_NO or RANGE", f + ".scale");
                }
                boolean observe = Boolean.TRUE.equals(it.observeOnly());
                boolean fatal = Boolean.TRUE.equals(it.fatal());
                BigDecimal weight = it.weight() == null ? BigDecimal.ZERO : it.weight();
                if (weight.signum() < 0) {
                    throw new ValidationException("invalid_weight", "a weight cannot be negative", f + ".weight");
                }
                if (observe && (weight.signum() != 0 || fatal)) {
                    throw new ValidationException("observe_only_scored", "an observe-only item is not scored: weight 0 and not fatal", f + ".weight");
                }
                if (!observe && weight.signum() == 0 && !fatal) {
                    throw new ValidationException("invalid_weight", "a scored item needs a weight above 0 (or make it fatal or observe-only)",
                        f + ".weight");
                }
                if (!observe) {
                    total = total.add(weight);
                    scored++;
                }
                items.add(new Item(it.key(), it.text().trim(), scale, max, weight, Boolean.TRUE.equals(it.naAllowed()), fatal, observe,
                    it.guidance()));
            }
            sections.add(new Section(sec.name().trim(), items));
        }
        if (scored == 0) {
            throw new ValidationException("nothing_scored", "every item is observe-only: the scorecard scores nothing", "sections");
        }
        if (scoring.equals("PERCENT") && total.compareTo(HUNDRED) != 0) {
            throw new ValidationException("weights_not_100", "PERCENT scoring needs the scored items' weights to add up to 100; they add up to "
                + total.stripTrailingZeros().toPlainString(), "sections");
        }
        if (scoring.equals("POINTS") && total.signum() <= 0) {
            throw new ValidationException("weights_zero", "POINTS scoring needs some weight", "sections");
        }
        return new ScorecardSpec(name, spec.description(), scoring, fatalMode, pass, sections);
    }

    /**
     * Scores {@code answers} on {@code card} (checked). {@code complete}: every scored item must be answered (a
     * submission); otherwise missing items are left open (a draft). {@code maxMarkerMs}: markers past it are refused
     * (the call's length), or null.
     */
    public static Result score(ScorecardSpec card, List<Answer> answers, boolean complete, Long maxMarkerMs) {
        Map<String, Answer> byItem = new HashMap<>();
        Map<String, Item> known = new HashMap<>();
        card.sections().forEach(s -> s.items().forEach(i -> known.put(i.key(), i)));
        List<Answer> list = answers == null ? List.of() : answers;
        for (int a = 0; a < list.size(); a++) {
            Answer ans = list.get(a);
            String f = "answers[" + a + "]";
            if (ans == null || ans.item() == null || !known.containsKey(ans.item())) {
                throw new ValidationException("unknown_item", "no item '" + (ans == null ? null : ans.item()) + "' on this scorecard", f + ".item");
            }
            if (byItem.put(ans.item(), ans) != null) {
                throw new ValidationException("duplicate_answer", "item '" + ans.item() + "' is answered twice", f + ".item");
            }
            Item it = known.get(ans.item());
            boolean na = Boolean.TRUE.equals(ans.na());
            if (na && !it.naAllowed()) {
                throw new ValidationException("na_not_allowed", "item '" + it.key() + "' cannot be marked N/A", f + ".na");
            }
            if (na && ans.value() != null) {
                throw new ValidationException("na_with_value", "item '" + it.key() + "' is N/A and has a value: one or the other", f + ".value");
            }
            if (ans.value() != null && (ans.value() < 0 || ans.value() > it.max())) {
                throw new ValidationException("out_of_scale", "item '" + it.key() + "' scores 0.." + it.max() + ", not " + ans.value(), f + ".value");
            }
            if (ans.comment() != null && ans.comment().length() > 2000) {
                throw new ValidationException("comment_too_long", "a comment has at most 2000 characters", f + ".comment");
            }
            List<Marker> markers = ans.markers() == null ? List.of() : ans.markers();
            for (int m = 0; m < markers.size(); m++) {
                Marker mk = markers.get(m);
                if (mk == null || mk.atMs() < 0 || (maxMarkerMs != null && mk.atMs() > maxMarkerMs)) {
                    throw new ValidationException("marker_outside_call", "a marker is a time within the call (0.." + maxMarkerMs + " ms)",
                        f + ".markers[" + m + "].atMs");
                }
            }
        }
        BigDecimal earned = BigDecimal.ZERO;
        BigDecimal possible = BigDecimal.ZERO;
        boolean fatal = false;
        List<ItemResult> out = new ArrayList<>();
        for (Section s : card.sections()) {
            for (Item it : s.items()) {
                Answer ans = byItem.get(it.key());
                boolean na = ans != null && Boolean.TRUE.equals(ans.na());
                Integer value = ans == null ? null : ans.value();
                if (value == null && !na && complete && !it.observeOnly()) {
                    throw new ValidationException("unanswered_item", "item '" + it.key() + "' is not answered (score it, or N/A where allowed)",
                        "answers");
                }
                BigDecimal pct = value == null ? null : BigDecimal.valueOf(value).multiply(HUNDRED).divide(BigDecimal.valueOf(it.max()), 2,
                    RoundingMode.HALF_UP);
                if (value != null && !it.observeOnly()) {
                    earned = earned.add(it.weight().multiply(BigDecimal.valueOf(value)).divide(BigDecimal.valueOf(it.max()), 10, RoundingMode.HALF_UP));
                    possible = possible.add(it.weight());
                    if (it.fatal() && value == 0) {
                        fatal = true;
                    }
                }
                out.add(new ItemResult(it.key(), s.name(), it.text(), value, it.max(), na, it.fatal(), it.observeOnly(), it.weight(), pct,
                    ans == null ? null : ans.comment(), ans == null || ans.markers() == null ? List.of() : ans.markers()));
            }
        }
        BigDecimal score;
        if (possible.signum() == 0) {
            if (complete && !fatal) {
                throw new ValidationException("nothing_to_score", "every scored item is N/A: there is nothing to score", "answers");
            }
            score = fatal || complete ? BigDecimal.ZERO.setScale(2) : null;
        } else {
            score = earned.multiply(HUNDRED).divide(possible, 2, RoundingMode.HALF_UP);
        }
        if (fatal && card.fatalMode().equals("ZERO")) {
            score = BigDecimal.ZERO.setScale(2);
        }
        boolean passed = !fatal && score != null && score.compareTo(card.passMark()) >= 0;
        return new Result(score, passed, fatal, out);
    }

    private static String upper(String s, String dflt) {
        return s == null || s.isBlank() ? dflt : s.trim().toUpperCase(Locale.ROOT);
    }
}
