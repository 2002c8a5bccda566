package io.seatline.telephony;

import java.util.Map;

/**
 * A tenant's ACD queue.
 *
 * @param requiredSkills      skill → minimum level an agent needs to be offered this queue's calls
 * @param priority            higher is served first when an agent could take calls of several queues
 * @param maxWaitSeconds      after this a waiting call overflows to {@code overflowQueue} (or ends with 480 when none)
 * @param serviceLevelSeconds answered within this counts toward the service level
 * @param wrapUpSeconds       after-call work before the agent is READY again (0: straight back)
 * @param ringTimeoutSeconds  an agent who does not answer within this is set NOT_READY("missed") and the call re-queued
 * @param strategy            routing strategy: longest-idle (default), fewest-calls, round-robin, best-skill-level,
 *                            random, or the name of a plug-in {@link io.seatline.spi.RoutingStrategy} of the tenant
 * @param holdMusic           prompt played to waiting callers (null: none, callers hear ringing; "default": built-in music)
 * @param announceSeconds     every this many seconds a waiting caller hears its position and expected wait (0: never)
 * @param survey              after the agent hangs up, the caller is asked to rate the call 1-5 (CSAT)
 */
public record CallQueue(String name, String displayName, Map<String, Integer> requiredSkills, int priority,
                        int maxWaitSeconds, String overflowQueue, int serviceLevelSeconds, int wrapUpSeconds,
                        int ringTimeoutSeconds, String strategy,
                        String holdMusic, int announceSeconds, boolean survey) {

    /** Whether an agent with {@code skills} may be offered this queue's calls: it has every required skill at its level. */
    public boolean admits(Map<String, Integer> skills) {
        return qualifies(skills, requiredSkills);
    }

    /** Whether {@code skills} meet every level of {@code required} (a missing map or level counts as none). */
    public static boolean qualifies(Map<String, Integer> skills, Map<String, Integer> required) {
        if (required == null) {
            return true;
        }
        for (Map.Entry<String, Integer> r : required.entrySet()) {
            Integer level = skills == null ? null : skills.get(r.getKey());
            if (level == null || level < (r.getValue() == null ? 0 : r.getValue())) {
                return false;
            }
        }
        return true;
    }
}
