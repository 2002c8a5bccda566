package io.seatline.spi;

import java.util.List;

/** The plug-ins visible to the tenant in context: global ones and the tenant's own. */
public interface PluginService {
    List<PluginInfo> list();
}
