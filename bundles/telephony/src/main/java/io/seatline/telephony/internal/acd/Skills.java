package io.seatline.telephony.internal.acd;

import io.seatline.core.ValidationException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Skills with levels: stored as {@code name:level,name:level}; names are lower-case words, levels 1–10. */
public final class Skills {
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_.-]{0,31}");

    private Skills() {}

    static Map<String, Integer> validate(Map<String, Integer> skills, String field) {
        if (skills == null) {
            return Map.of();
        }
        Map<String, Integer> out = new TreeMap<>();
        for (Map.Entry<String, Integer> e : skills.entrySet()) {
            String name = e.getKey() == null ? "" : e.getKey().trim().toLowerCase(java.util.Locale.ROOT);
            if (!NAME.matcher(name).matches()) {
                throw new ValidationException("invalid_skill", "skill name '" + e.getKey() + "' must be 1-32 letters, digits, '_', '.' or '-'", field);
            }
            Integer level = e.getValue();
            if (level == null || level < 1 || level > 10) {
                throw new ValidationException("invalid_skill_level", "level of skill '" + name + "' must be 1-10", field);
            }
            out.put(name, level);
        }
        return Collections.unmodifiableMap(out);
    }

    static String format(Map<String, Integer> skills) {
        return skills.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }

    public static Map<String, Integer> parse(String s) {
        if (s == null || s.isBlank()) {
            return Map.of();
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String part : s.split(",")) {
            int c = part.lastIndexOf(':');
            out.put(part.substring(0, c), Integer.parseInt(part.substring(c + 1)));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Sum of the agent's levels in the required skills (best-skill-level routing). */
    static int score(Map<String, Integer> have, Map<String, Integer> required) {
        int sum = 0;
        for (String skill : required.keySet()) {
            sum += have.getOrDefault(skill, 0);
        }
        return sum;
    }
}
