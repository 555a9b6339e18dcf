package dev.uptake.launcher.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folder housekeeping for the test harnesses that start the infrastructure in temporary folders. */
public final class Folders {

    private Folders() {
    }

    /** Deletes a folder and everything in it, as far as it can: a temporary folder left behind is harmless. */
    public static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("uptake: could not delete " + folder + ": " + e);
        }
    }
}
