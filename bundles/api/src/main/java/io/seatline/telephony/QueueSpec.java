package io.seatline.telephony;

import java.util.Map;

/** A queue as written by a tenant admin; null fields take defaults (see {@link CallQueue}). */
public record QueueSpec(String name, String displayName, Map<String, Integer> requiredSkills, Integer priority,
                        Integer maxWaitSeconds, String overflowQueue, Integer serviceLevelSeconds, Integer wrapUpSeconds,
                        Integer ringTimeoutSeconds, String strategy,
                        String holdMusic, Integer announceSeconds, Boolean survey) {
}
