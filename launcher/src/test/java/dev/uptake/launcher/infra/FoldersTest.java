package dev.uptake.launcher.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldersTest {

    @TempDir
    Path parent;

    @Test
    void shouldDeleteAFolderWithEverythingInIt() throws Exception {
        Path folder = Files.createDirectories(parent.resolve("data/logs/deep"));
        Files.writeString(folder.resolve("broker.log"), "x");
        Files.writeString(parent.resolve("data/demo-keys.env"), "y");

        Folders.deleteQuietly(parent.resolve("data"));

        assertThat(parent.resolve("data")).doesNotExist();
        assertThat(parent).exists();
    }

    @Test
    void shouldSayNothingFatalWhenTheFolderIsAlreadyGone() {
        Folders.deleteQuietly(parent.resolve("never-created"));
        assertThat(parent.resolve("never-created")).doesNotExist();
    }
}
