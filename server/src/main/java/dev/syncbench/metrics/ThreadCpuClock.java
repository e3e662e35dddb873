package dev.syncbench.metrics;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The CPU time of the OS thread running the caller, in nanoseconds: for a virtual thread, its
 * carrier's. Unlike the wall clock it does not advance while the OS has the thread off its core
 * (other processes, a busy VM host), so work timed with it is what the work cost. The JDK answers
 * -1 for a virtual thread's CPU time, so this asks Linux directly ({@code clock_gettime} with
 * {@code CLOCK_THREAD_CPUTIME_ID}, a system call of about half a microsecond), through the
 * foreign function API of JDK 22+. The code is built for JDK 21, where that API is a preview, so
 * the call is looked up by name once.
 *
 * <p>A reading is only comparable with another of the same OS thread: a virtual thread that blocks
 * between two readings may resume on another carrier, so callers clamp what they compute.
 * On JDK 21, elsewhere than Linux, or if the call cannot be made, it is the wall clock.
 */
public final class ThreadCpuClock {
    private static final Logger LOG = Logger.getLogger(ThreadCpuClock.class.getName());
    private static final int CLOCK_THREAD_CPUTIME_ID = 3;
    /** {@code int clock_gettime(int clock, long[] timespec)}, or null when there is none. */
    private static final MethodHandle CLOCK_GETTIME = clockGettime();

    private ThreadCpuClock() {
    }

    /** True when readings are CPU time; false when they are the wall clock. */
    public static boolean measuresCpu() {
        return CLOCK_GETTIME != null;
    }

    /** The calling thread's CPU time in ns (or the wall clock, see {@link #measuresCpu}). */
    public static long now() {
        if (CLOCK_GETTIME == null) {
            return System.nanoTime();
        }
        // struct timespec on 64-bit Linux: seconds, nanoseconds; on the heap, which a critical call may use
        long[] timespec = new long[2];
        try {
            int failed = (int) CLOCK_GETTIME.invokeExact(CLOCK_THREAD_CPUTIME_ID, timespec);
            if (failed != 0) {
                return System.nanoTime();
            }
        } catch (Throwable e) {
            return System.nanoTime();
        }
        return timespec[0] * 1_000_000_000L + timespec[1];
    }

    /**
     * Linker.nativeLinker().downcallHandle(clock_gettime, FunctionDescriptor.of(JAVA_INT, JAVA_INT,
     * ADDRESS), Linker.Option.critical(true)), its address argument made from a long[] by
     * MemorySegment.ofArray.
     */
    private static MethodHandle clockGettime() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                || Runtime.version().feature() < 22) {
            return null;
        }
        try {
            Class<?> linkerClass = Class.forName("java.lang.foreign.Linker");
            Class<?> optionClass = Class.forName("java.lang.foreign.Linker$Option");
            Class<?> segmentClass = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> layoutClass = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> valueLayouts = Class.forName("java.lang.foreign.ValueLayout");
            Class<?> descriptorClass = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> lookupClass = Class.forName("java.lang.foreign.SymbolLookup");

            Object linker = linkerClass.getMethod("nativeLinker").invoke(null);
            Object lookup = linkerClass.getMethod("defaultLookup").invoke(linker);
            Optional<?> symbol = (Optional<?>) lookupClass.getMethod("find", String.class).invoke(lookup, "clock_gettime");
            if (symbol.isEmpty()) {
                return null;
            }
            Object javaInt = valueLayouts.getField("JAVA_INT").get(null);
            Object address = valueLayouts.getField("ADDRESS").get(null);
            Object layouts = Array.newInstance(layoutClass, 2);
            Array.set(layouts, 0, javaInt);
            Array.set(layouts, 1, address);
            Object descriptor = descriptorClass.getMethod("of", layoutClass, layouts.getClass())
                    .invoke(null, javaInt, layouts);
            Object options = Array.newInstance(optionClass, 1);
            Array.set(options, 0, optionClass.getMethod("critical", boolean.class).invoke(null, true));
            MethodHandle downcall = (MethodHandle) linkerClass
                    .getMethod("downcallHandle", segmentClass, descriptorClass, options.getClass())
                    .invoke(linker, symbol.get(), descriptor, options);
            MethodHandle ofArray = MethodHandles.publicLookup()
                    .findStatic(segmentClass, "ofArray", MethodType.methodType(segmentClass, long[].class));
            return MethodHandles.filterArguments(downcall, 1, ofArray);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warning(() -> "thread CPU time unavailable, query work is timed by the wall clock: " + e);
            return null;
        }
    }
}
