package dev.syncbench.metrics;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;

/**
 * What a long run of the server must watch for leaks and that the OS cannot tell from outside the
 * JVM: the heap still in use after the latest garbage collection (live data plus what that
 * collection left), and the JVM's live platform threads. The OS gives the process's RSS, file
 * descriptors and OS threads; the heap after a collection only the JVM knows.
 */
public final class JvmGauges {
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final List<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .toList();

    /**
     * Bytes of heap in use right after the most recent collection (of any kind), summed over the
     * heap pools that collection reported; -1 before the first collection.
     */
    public long heapAfterGcBytes() {
        com.sun.management.GcInfo latest = null;
        for (GarbageCollectorMXBean collector : collectors) {
            if (collector instanceof com.sun.management.GarbageCollectorMXBean bean) {
                com.sun.management.GcInfo info = bean.getLastGcInfo();
                if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
                    latest = info;
                }
            }
        }
        if (latest == null) {
            return -1;
        }
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : latest.getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        return used;
    }

    /** Live platform threads of this JVM (virtual threads are not counted: they hold no OS thread). */
    public int platformThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
