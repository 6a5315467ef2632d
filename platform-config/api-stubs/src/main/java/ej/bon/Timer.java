// Hand-written from the public BON 1.4 javadoc (microej.md §1.3). Signatures only. Each Timer costs a thread.
package ej.bon;

public class Timer {
    public Timer() {
        throw new RuntimeException();
    }

    public void schedule(TimerTask task, long delay) {
        throw new RuntimeException();
    }

    public void schedule(TimerTask task, long delay, long period) {
        throw new RuntimeException();
    }

    public void scheduleAtFixedRate(TimerTask task, long delay, long period) {
        throw new RuntimeException();
    }

    public void cancel() {
        throw new RuntimeException();
    }
}
