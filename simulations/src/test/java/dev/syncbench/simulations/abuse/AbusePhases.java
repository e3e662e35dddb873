package dev.syncbench.simulations.abuse;

/**
 * The abuse run's clock: from {@code startNanos} (the end of the load's warm-up) time is cut into
 * phases of {@code phaseNanos}, off first (the control), then on, alternating. A load sample is
 * classed by when it started; one that starts within {@code settleNanos} after a switch is in
 * neither phase, so the abusers' arrival and departure (connects, snapshot scans, closes) are not
 * charged to the wrong side.
 */
public record AbusePhases(long startNanos, long phaseNanos, long settleNanos) {

    /** Where a moment falls. */
    enum Phase { BEFORE, OFF, ON, SETTLING }

    public AbusePhases {
        if (phaseNanos <= 0 || settleNanos < 0 || settleNanos >= phaseNanos) {
            throw new IllegalArgumentException("phase " + phaseNanos + " ns, settle " + settleNanos + " ns");
        }
    }

    /** The phase a sample starting at {@code nanos} belongs to. */
    Phase classify(long nanos) {
        long since = nanos - startNanos;
        if (since < 0) {
            return Phase.BEFORE;
        }
        long index = since / phaseNanos;
        if (index > 0 && since % phaseNanos < settleNanos) {
            return Phase.SETTLING;
        }
        return index % 2 == 0 ? Phase.OFF : Phase.ON;
    }

    /** The number of the phase {@code nanos} is in (0 = the first off phase); -1 before the start. */
    long index(long nanos) {
        long since = nanos - startNanos;
        return since < 0 ? -1 : since / phaseNanos;
    }

    /** Whether the abusers should be at work at {@code nanos} (settling or not). */
    boolean abuseOn(long nanos) {
        long index = index(nanos);
        return index >= 0 && index % 2 == 1;
    }

    /** Nanoseconds from {@code nanos} to the next switch (to the start when before it). */
    long nanosToNextSwitch(long nanos) {
        long since = nanos - startNanos;
        if (since < 0) {
            return -since;
        }
        return phaseNanos - since % phaseNanos;
    }
}
