package dev.uptake.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Files that hold secrets (the operator token, the demo keys): readable and writable by their owner only. */
final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {
    }

    static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } else {
                file.toFile().setReadable(false, false);
                file.toFile().setReadable(true, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
