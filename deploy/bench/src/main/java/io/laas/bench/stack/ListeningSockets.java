package io.laas.bench.stack;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads {@code /proc/net/tcp} and {@code /proc/net/tcp6}: which socket inodes listen on a port. */
public final class ListeningSockets {

    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    /** The inodes of the sockets in these table lines (header included or not) listening on {@code port}. */
    public static Set<Long> inodesListeningOn(List<String> tableLines, int port) {
        Set<Long> inodes = new HashSet<>();
        for (String line : tableLines) {
            String[] fields = line.trim().split("\\s+");
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
            if (fields.length < 10 || !fields[0].endsWith(":")) {
                continue;
            }
            String local = fields[1];
            int colon = local.lastIndexOf(':');
            if (colon < 0 || !LISTEN.equals(fields[3])) {
                continue;
            }
            if (Integer.parseInt(local.substring(colon + 1), 16) == port) {
                inodes.add(Long.parseLong(fields[9]));
            }
        }
        return inodes;
    }
}
