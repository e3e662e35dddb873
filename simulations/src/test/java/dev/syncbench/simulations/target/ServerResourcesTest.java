package dev.syncbench.simulations.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ServerResourcesTest {

    @Test
    void procStatusFieldsAreRead() {
        String status = "Name:\tjava\nVmRSS:\t  123456 kB\nThreads:\t42\n";
        assertEquals(123456, ServerResources.kib(status, "VmRSS:"));
        assertEquals(42, ServerResources.kib(status, "Threads:"));
        assertEquals(-1, ServerResources.kib(status, "VmSwap:"));
    }

    @Test
    void aLiveProcessHasFdsThreadsAndMemoryAndNoMetricsWhereNoneAreServed() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux /proc");
        ServerResources resources = ServerResources.of(ProcessHandle.current().pid(), URI.create("ws://127.0.0.1:9/ws"));
        ResourceSample sample = resources.sample(1.5, 700);
        assertTrue(sample.openFds() > 2, "stdin, stdout, stderr and the jars at least: " + sample);
        assertTrue(sample.osThreads() > 1, sample.toString());
        assertTrue(sample.rssMib() > 10, sample.toString());
        assertEquals(-1, sample.heapAfterGcMib(), "nothing serves /metrics on port 9");
        assertEquals(-1, sample.connections());
        assertEquals(700, sample.writeP99Us());
    }

    @Test
    void aFullCollectionOfThisJvmIsAskedForByItsPid() {
        ServerResources resources = ServerResources.of(ProcessHandle.current().pid(), URI.create("ws://127.0.0.1:9/ws"));
        Assumptions.assumeTrue(Files.isExecutable(Path.of(System.getProperty("java.home"), "bin", "jcmd")),
                "needs the JDK's jcmd");
        long before = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount).sum();
        assertTrue(resources.fullGc(), "jcmd GC.run answered");
        long after = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount).sum();
        assertTrue(after > before, "a collection ran: " + before + " -> " + after);
    }
}
