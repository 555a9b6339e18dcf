package dev.uptake.kit.lifecycle;

import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;

/**
 * When the local launcher starts a service it passes its pid in UPTAKE_PARENT_PID; the service then stops as soon as
 * the launcher is gone, even if the launcher was killed with SIGKILL. Unset in production.
 */
@Singleton
public class ParentProcessWatch {

    void watch(@Observes StartupEvent startup, @ConfigProperty(name = "uptake.parent-pid") Optional<Long> parentPid) {
        parentPid.ifPresent(pid -> ProcessHandle.of(pid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> {
                    Log.warnf("Launcher process %d is gone; shutting down", pid);
                    Quarkus.asyncExit(0);
                }),
                () -> Quarkus.asyncExit(0)));
    }
}
