package io.laas.local.kafka;

/**
 * Entry point of the Kafka broker JVM. It ends the broker when the JVM that started it goes away
 * (its standard input closes), so that a killed test run or local stack leaves no orphan broker.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // the parent never writes; end of stream means it is gone
                }
            } catch (java.io.IOException e) {
                // same meaning as end of stream
            }
            System.exit(0);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        kafka.Kafka.main(args);
    }
}
