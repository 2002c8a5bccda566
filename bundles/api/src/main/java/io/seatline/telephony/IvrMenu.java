package io.seatline.telephony;

import java.time.Instant;
import java.util.Map;

/** A tenant's IVR menu: named nodes, entered at {@code start}. See {@link IvrNode} for the node types. */
public record IvrMenu(String name, String start, Map<String, IvrNode> nodes, Instant updatedAt) {
}
