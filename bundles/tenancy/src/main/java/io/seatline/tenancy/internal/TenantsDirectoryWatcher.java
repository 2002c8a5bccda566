package io.seatline.tenancy.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each {@code NAME.cfg} in the tenants directory into the factory configuration
 * {@code seatline.tenant~NAME}, and keeps them in step: a new file creates it, a changed file updates it, a
 * removed file deletes it (which suspends the tenant). Files are read as UTF-8, so names may be Chinese.
 */
@Component(configurationPid = "seatline.tenants", immediate = true, service = {})
@Designate(ocd = TenantsDirectoryWatcher.Config.class)
public class TenantsDirectoryWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(TenantsDirectoryWatcher.class);

    @ObjectClassDefinition(name = "Seatline tenants directory")
    public @interface Config {
        @AttributeDefinition(description = "Directory of tenant files (NAME.cfg); relative paths are under karaf.base")
        String directory() default "tenants";

        @AttributeDefinition(description = "How often to look for changes, in milliseconds")
        long pollMillis() default 1000;
    }

    @Reference
    private ConfigurationAdmin configAdmin;

    private final Map<String, String> seen = new HashMap<>();
    private ScheduledExecutorService poller;
    private Path directory;

    @Activate
    @Modified
    synchronized void activate(Config config) {
        stop();
        Path dir = Paths.get(config.directory());
        if (!dir.isAbsolute()) {
            dir = Paths.get(System.getProperty("karaf.base", ".")).resolve(dir);
        }
        directory = dir.normalize();
        seen.clear();
        LOG.info("Watching {} for tenant files", directory);
        poller = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "seatline-tenants-watcher"));
        poller.scheduleWithFixedDelay(this::scanSafely, 0, Math.max(200, config.pollMillis()), TimeUnit.MILLISECONDS);
    }

    @Deactivate
    synchronized void stop() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    private void scanSafely() {
        try {
            scan();
        } catch (Exception e) {
            LOG.error("Scanning {} failed: {}", directory, e.getMessage(), e);
        }
    }

    synchronized void scan() throws IOException, InvalidSyntaxException {
        Map<String, Path> files = new HashMap<>();
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.cfg")) {
                for (Path p : stream) {
                    String name = p.getFileName().toString();
                    files.put(name.substring(0, name.length() - 4), p);
                }
            }
        }
        for (Map.Entry<String, Path> e : files.entrySet()) {
            Path file = e.getValue();
            String stamp = Files.getLastModifiedTime(file).toMillis() + ":" + Files.size(file);
            if (!stamp.equals(seen.get(e.getKey()))) {
                seen.put(e.getKey(), stamp);
                push(e.getKey(), file);
            }
        }
        // Delete configurations whose file is gone, including files removed while Seatline was stopped.
        Configuration[] configs = configAdmin.listConfigurations("(&(service.factoryPid=" + TenantConfiguration.FACTORY_PID + ")("
            + TenantConfiguration.SOURCE + "=*))");
        if (configs != null) {
            for (Configuration c : configs) {
                Object source = c.getProperties() == null ? null : c.getProperties().get(TenantConfiguration.SOURCE);
                String name = c.getPid().substring(c.getPid().indexOf('~') + 1);
                if (source != null && source.toString().startsWith(directory.toString()) && !files.containsKey(name)) {
                    LOG.info("{} was removed: deleting configuration {}", source, c.getPid());
                    seen.remove(name);
                    c.delete();
                }
            }
        }
    }

    private void push(String name, Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: unreadable ({}); tenant left as it was", file, e.getMessage());
            return;
        }
        Dictionary<String, Object> props = new Hashtable<>();
        p.forEach((k, v) -> props.put(k.toString(), v.toString()));
        props.put(TenantConfiguration.SOURCE, file.toString());
        Configuration c = configAdmin.getFactoryConfiguration(TenantConfiguration.FACTORY_PID, name, "?");
        c.updateIfDifferent(props);
    }
}
