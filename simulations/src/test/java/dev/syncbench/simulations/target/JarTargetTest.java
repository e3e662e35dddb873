package dev.syncbench.simulations.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.wire.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarTargetTest {
    @TempDir
    Path dir;

    @Test
    void aMissingJarSaysWhatToRun() {
        Path jar = dir.resolve("server/target/syncbench-server.jar");
        BadInputException error = assertThrows(BadInputException.class,
                () -> JarTarget.requireFreshJar(jar, dir.resolve("server")));
        assertEquals("-Dtarget=jar needs the packaged server at " + jar + ": build it with `mvn -pl server -am "
                + "package -DskipTests`, then rerun", error.getMessage());
    }

    @Test
    void aJarOlderThanTheServerSourcesIsRefused() throws Exception {
        Path jar = Files.createDirectories(dir.resolve("server/target")).resolve("syncbench-server.jar");
        Files.writeString(jar, "jar");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
        Path source = Files.createDirectories(dir.resolve("server/src/main/java")).resolve("Main.java");
        Files.writeString(source, "class Main {}");
        BadInputException error = assertThrows(BadInputException.class,
                () -> JarTarget.requireFreshJar(jar, dir.resolve("server")));
        assertTrue(error.getMessage().startsWith("the server jar " + jar + " is older than " + source), error.getMessage());

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        JarTarget.requireFreshJar(jar, dir.resolve("server"));
    }

    @Test
    void theServerJarAnswersAHandshakeWithoutSunMiscUnsafeWarnings() throws Exception {
        Path root = Path.of(System.getProperty("syncbench.root", "..")).toAbsolutePath().normalize();
        LoadSettings settings = new LoadSettings(1, 1, 50, 10, 1, null, LoadSettings.DEFAULT_SECRET,
                root.resolve("baseline.json"), null, dir.resolve("reports"), root, TargetKind.JAR, false, "-Xmx256m",
                null);
        try {
            JarTarget.requireFreshJar(root.resolve(JarTarget.JAR), root.resolve("server"));
        } catch (BadInputException notBuilt) {
            Assumptions.assumeFalse("true".equalsIgnoreCase(System.getenv("CI")), notBuilt.getMessage());
            Assumptions.abort("skipped, the server jar is not built: " + notBuilt.getMessage());
        }
        Path log;
        try (JarTarget target = JarTarget.start(settings)) {
            // the handshake and a PING make the server decode and encode MessagePack
            Preflight.check(target.webSocketUrl(), new Tokens(LoadSettings.DEFAULT_SECRET).forConnection(0));
            log = Path.of(String.valueOf(target.serverProcess().get("log")));
        }
        String written = Files.readString(log);
        assertFalse(written.contains("sun.misc.Unsafe"), "the server's log: " + written);
    }
}
