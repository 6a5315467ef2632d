package io.tailnode.sim.demo;

import java.io.PrintStream;

/**
 * The demo's human progress lines: one per step, with its outcome and how long it took.
 * <pre>
 *   ok    register plc-1, inverter-2, tablet-3          1.82 s  100.64.0.1, 100.64.0.2, 100.64.0.3
 *   FAIL  fetch /status plc-1 -> inverter-2             5.00 s  no complete answer ...
 * </pre>
 */
final class Progress {
    /** A step failed: the demo stops and exits non-zero with this message. */
    static final class StepFailed extends Exception {
        StepFailed(String message) {
            super(message);
        }
    }

    private final PrintStream out;
    private final long t0 = System.nanoTime();
    private long stepStart;
    private String step;

    Progress(PrintStream out) {
        this.out = out;
    }

    /** Starts timing a step named {@code what}. */
    void begin(String what) {
        step = what;
        stepStart = System.nanoTime();
    }

    void ok(String detail) {
        line("ok", detail);
    }

    /** Prints the failed step and returns the exception that ends the demo. */
    StepFailed fail(String detail) {
        line("FAIL", detail);
        return new StepFailed(step + ": " + detail);
    }

    double elapsedSeconds() {
        return (System.nanoTime() - t0) / 1e9;
    }

    void note(String text) {
        out.println(text);
        out.flush();
    }

    private void line(String tag, String detail) {
        double s = (System.nanoTime() - stepStart) / 1e9;
        out.println(String.format("  %-5s %-44s %6.2f s  %s", tag, step, s, detail));
        out.flush();
    }
}
