package dev.uptake.launcher.infra;

/**
 * Makes a child JVM exit (running its shutdown hooks) as soon as the process that started it is gone, even when that
 * parent was killed with SIGKILL and could not clean up.
 */
public final class ParentWatch {

    private ParentWatch() {
    }

    public static void exitWhenGone(long parentPid) {
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> {
                    System.err.println("uptake: parent process " + parentPid + " is gone; shutting down");
                    System.exit(0);
                }),
                () -> System.exit(0));
    }
}
