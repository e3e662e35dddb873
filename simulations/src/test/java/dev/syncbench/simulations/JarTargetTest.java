package dev.syncbench.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
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
}
