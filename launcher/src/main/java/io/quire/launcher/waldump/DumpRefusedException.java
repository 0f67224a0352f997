package io.quire.launcher.waldump;

/** Nothing (more) can be dumped: the message says why, for the user; the exit status, for scripts. */
final class DumpRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitStatus;

    DumpRefusedException(int exitStatus, String message) {
        super(message);
        this.exitStatus = exitStatus;
    }

    int exitStatus() {
        return exitStatus;
    }
}
