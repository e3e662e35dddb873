package dev.syncbench.query;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LiveQueryProperties {

    @Property(tries = 500)
    void snapshotPlusChangesEqualsAFreshSnapshot(
            @ForAll("shapes") WindowReplay.Shape shape,
            @ForAll("writes") List<WindowReplay.Write> initial,
            @ForAll("writes") List<WindowReplay.Write> writes) throws InvalidQueryException {
        WindowReplay.check(shape, initial, writes);
    }

    @Provide
    Arbitrary<WindowReplay.Shape> shapes() {
        return Combinators.combine(
                Arbitraries.integers().between(1, 5).injectNull(0.25),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false)).as(WindowReplay.Shape::new);
    }

    @Provide
    Arbitrary<List<WindowReplay.Write>> writes() {
        Arbitrary<WindowReplay.Write> write = Combinators.combine(
                Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(0, 6).injectNull(0.15),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 4).map(i -> i == 0)).as(WindowReplay.Write::new);
        return write.list().ofMaxSize(40);
    }
}
