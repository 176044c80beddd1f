package io.laas.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The ports of a stack on free ports are distinct: two processes given one port would not both start. */
class FreePortsTest {

    @Test
    void portsFoundAtOnceAreDistinct() {
        List<Integer> ports = LocalInfra.freePorts(200);
        assertEquals(200, new HashSet<>(ports).size(), "distinct: " + ports);
        assertTrue(ports.stream().allMatch(port -> port > 0 && port <= 65535));
    }

    @Test
    void aStackOnFreePortsGetsElevenDistinctOnes() {
        LocalStack.Ports ports = LocalStack.Ports.free();
        HashSet<Integer> seen = new HashSet<>(List.of(ports.gateway(), ports.iam(), ports.command(), ports.projector(),
                ports.webhook(), ports.postgres()));
        LocalStack.SERVICES.forEach(service -> seen.add(ports.managementOf(service)));
        assertEquals(11, seen.size());
    }
}
