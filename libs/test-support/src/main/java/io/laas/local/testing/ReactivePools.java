package io.laas.local.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;

import io.vertx.mutiny.sqlclient.Pool;

/**
 * The names of a service's reactive pools as its {@code /q/metrics} shows them: the {@code pool_name} label of the
 * {@code sql_pool_*} series. Each pool is named in application.properties
 * ({@code quarkus.datasource[.batch].reactive.name}, with {@code shared=true}: Quarkus names only a shared pool),
 * {@code <service>-requests} and {@code <service>-batch}; an unnamed pool shows as {@link #UNNAMED}.
 */
public final class ReactivePools {

    /** The pool_name of a pool nobody named (Vert.x' default), under which every unnamed pool's series merge. */
    public static final String UNNAMED = "__vertx.DEFAULT";

    /** The pool series the dashboard and the alert rules read (deploy/observability), one sample per pool each. */
    public static final List<String> METRICS = List.of("sql_pool_active", "sql_pool_idle", "sql_pool_queue_size",
            "sql_pool_ratio", "sql_pool_queue_delay_seconds_count", "sql_pool_queue_delay_seconds_sum");

    private static final Pattern POOL_NAME = Pattern.compile("[{,]pool_name=\"([^\"]*)\"");

    private ReactivePools() {
    }

    /** For each of {@link #METRICS}, the pool names of its samples in a Prometheus text exposition. */
    public static Map<String, Set<String>> namesByMetric(String exposition) {
        Map<String, Set<String>> names = new TreeMap<>();
        METRICS.forEach(metric -> names.put(metric, new TreeSet<>()));
        for (String line : exposition.split("\n")) {
            int labels = line.indexOf('{');
            if (line.startsWith("#") || labels < 0) {
                continue;
            }
            Set<String> pools = names.get(line.substring(0, labels));
            Matcher name = POOL_NAME.matcher(line);
            if (pools != null && name.find()) {
                pools.add(name.group(1));
            }
        }
        return names;
    }

    /** The same for the application under test, read from its management interface. */
    public static Map<String, Set<String>> namesByMetric() {
        return namesByMetric(ManagementInterface.management().get("/q/metrics").then().statusCode(200).extract()
                .asString());
    }

    /**
     * What is wrong with the two pools of the application under test, empty when nothing: each datasource must
     * connect as its own configured role (a second shared pool of a name already taken would be the first one, role
     * included), and every one of {@link #METRICS} must show {@code <service>-requests} and {@code <service>-batch}
     * and no {@link #UNNAMED} pool.
     */
    public static List<String> problems(Pool requests, Pool batch, String service) {
        List<String> problems = new ArrayList<>();
        String requestsRole = ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class);
        String batchRole = ConfigProvider.getConfig().getValue("quarkus.datasource.batch.username", String.class);
        if (!requestsRole.equals(RowLevelSecurityCatalog.role(requests).name())) {
            problems.add("the requests pool does not connect as " + requestsRole);
        }
        if (!batchRole.equals(RowLevelSecurityCatalog.role(batch).name())) {
            problems.add("the batch pool does not connect as " + batchRole);
        }
        Set<String> expected = Set.of(service + "-requests", service + "-batch");
        namesByMetric().forEach((metric, pools) -> {
            if (!pools.containsAll(expected) || pools.contains(UNNAMED)) {
                problems.add(metric + ": " + pools + ", wants " + expected + " and no " + UNNAMED);
            }
        });
        return problems;
    }
}
