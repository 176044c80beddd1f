package io.laas.bench;

import java.nio.file.Path;
import java.util.List;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/** {@code deploy/bench/run}: see {@link BenchOptions#USAGE}. */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            Path root = Path.of(System.getProperty("laas.repo.root", ".")).toAbsolutePath().normalize();
            options = BenchOptions.parse(args, System.getenv(), root);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n\n" + BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        // two event loops (the load and the webhook receiver): the generator needs a few microseconds per request
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2));
        int exit;
        try {
            exit = new BenchRun(options, vertx).run();
        } catch (BenchSetupException e) {
            System.err.println("\nThe benchmark cannot run: " + e.getMessage());
            exit = 2;
        } catch (Exception e) {
            System.err.println("\nThe benchmark failed:");
            e.printStackTrace();
            exit = 3;
        } finally {
            vertx.close();
        }
        System.exit(exit);
    }
}
