package dev.syncbench.simulations.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CpuSamplerTest {

    @Test
    void readsTheServersCpuOverAWindowBetweenSamples() throws Exception {
        // a server process that burns exactly one core: its CPU time is the wall time since it started
        long bornNanos = System.nanoTime();
        Target oneCore = new CpuOnlyTarget(TargetKind.JAR, () -> OptionalLong.of(System.nanoTime() - bornNanos));
        CpuSampler sampler = CpuSampler.start(oneCore);
        Thread.sleep(40);
        long start = System.nanoTime();
        Thread.sleep(300);
        long end = System.nanoTime();
        Thread.sleep(20);
        sampler.stop();
        CpuSampler.CpuUsage usage = sampler.between(start, end);
        assertEquals(end - start, usage.wallNanos());
        assertEquals(end - start, usage.serverNanos(), (end - start) * 0.02);
        assertTrue(usage.injectorNanos() >= 0, "this JVM's CPU is known: " + usage);
    }

    @Test
    void aServerInThisJvmHasNoCpuOfItsOwn() {
        CpuSampler sampler = CpuSampler.start(new CpuOnlyTarget(TargetKind.JAR, OptionalLong::empty));
        long start = System.nanoTime();
        sampler.stop();
        assertEquals(-1, sampler.between(start - 1, start).serverNanos());
    }

    @Test
    void thisJvmAndAChildProcessReportCpu() throws Exception {
        assertTrue(ProcessCpu.ofThisJvm().orElseThrow() > 0);
        assertTrue(ProcessCpu.of(ProcessHandle.current().pid()).isPresent());
    }
}
