package dev.uptake.launcher.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** A child started by the launcher must not outlive it, even when the launcher is killed with SIGKILL. */
class ParentWatchTest {

    /** Stands in for the launcher: starts a watched child, prints its pid, then waits to be killed. */
    public static final class Parent {
        public static void main(String[] args) throws Exception {
            Process child = new ProcessBuilder(ChildJvm.javaCommand(List.of("-Xmx32m"),
                    System.getProperty("java.class.path"), Child.class.getName(),
                    Long.toString(ProcessHandle.current().pid()))).inheritIO().start();
            System.out.println(child.pid());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** Stands in for a broker or service JVM. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            ParentWatch.exitWhenGone(Long.parseLong(args[0]));
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void shouldStopTheChildWhenItsParentIsKilled() throws Exception {
        Process parent = new ProcessBuilder(ChildJvm.javaCommand(List.of("-Xmx32m"),
                System.getProperty("java.class.path"), Parent.class.getName())).start();
        long childPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream()))) {
            childPid = Long.parseLong(out.readLine().trim());
        }
        Optional<ProcessHandle> child = ProcessHandle.of(childPid);
        assertThat(child).as("child %d running", childPid).isPresent();
        assertThat(child.get().isAlive()).isTrue();

        parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        boolean exited = child.get().onExit().thenApply(handle -> true).completeOnTimeout(false, 30, TimeUnit.SECONDS)
                .get();
        assertThat(exited).as("child %d exited after its parent was killed", childPid).isTrue();
    }
}
