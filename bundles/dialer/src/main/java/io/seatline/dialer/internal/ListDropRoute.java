package io.seatline.dialer.internal;

import io.seatline.core.SeatlineException;
import io.seatline.dialer.Campaign;
import io.seatline.dialer.ImportReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The list file drop: a CSV file put in {@code <drop.dir>/<tenant>/<campaign>/} is imported into the list named after
 * the file (appended to when it exists) with headers as field names. The file moves to {@code .done/} (or
 * {@code .failed/} when the campaign is unknown), and {@code <file>.report.json} beside it holds the import report with
 * every rejected row once the import ends.
 */
@Component(service = RoutesBuilder.class, configurationPid = "seatline.dialer", configurationPolicy = ConfigurationPolicy.OPTIONAL,
    property = "seatline.camel.context=platform")
public class ListDropRoute extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(ListDropRoute.class);

    @Reference
    private DialerServiceImpl dialer;

    private Path dir;
    private int pollMs;

    @Activate
    void activate(DialerConfig cfg) throws Exception {
        dir = Paths.get(cfg.drop_dir().isBlank() ? System.getProperty("karaf.data", "data") + "/seatline/dialer-drop" : cfg.drop_dir())
            .toAbsolutePath();
        Files.createDirectories(dir);
        pollMs = cfg.drop_poll_ms();
    }

    @Override
    public void configure() {
        String uri = "file:" + dir.toString().replace('\\', '/') + "?recursive=true&minDepth=3&maxDepth=3&include=.*\\.csv"
            + "&readLock=changed&readLockMinAge=1000&move=.done/${file:name.noext}-${date:now:yyyyMMddHHmmss}.csv"
            + "&moveFailed=.failed/${file:name}&delay=" + pollMs;
        from(uri).routeId("dialer-list-drop").process(this::importFile);
    }

    private void importFile(Exchange ex) throws Exception {
        String relative = ex.getIn().getHeader(Exchange.FILE_NAME, String.class).replace('\\', '/');
        String[] parts = relative.split("/");
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected <tenant>/<campaign>/<list>.csv, got " + relative);
        }
        String tenant = parts[0];
        String campaignName = parts[1];
        String list = parts[2].substring(0, parts[2].length() - 4);
        byte[] csv = ex.getIn().getBody(byte[].class);
        Path report = dir.resolve(tenant).resolve(campaignName).resolve(parts[2] + ".report.json");
        try {
            ImportReport r = dialer.asTenant(tenant, () -> {
                Campaign c = dialer.campaigns().stream().filter(x -> x.spec().name().equals(campaignName)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("tenant " + tenant + " has no campaign " + campaignName));
                return dialer.importCsv(c.id(), list, csv, null, "drop:" + relative);
            });
            LOG.info("List file {} of {} is being imported ({})", relative, tenant, r.id());
            dialer.whenImported(r.id(), done -> write(report, DialerServiceImpl.json(done)));
        } catch (SeatlineException | IllegalArgumentException e) {
            write(report, "{\"status\":\"FAILED\",\"error\":" + DialerServiceImpl.json(e.getMessage()) + "}");
            throw e;
        }
    }

    private static void write(Path file, String json) {
        try {
            Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (Exception e) {
            LOG.warn("Cannot write {}: {}", file, e.toString());
        }
    }
}
