// Hand-written from the public BON 1.4 javadoc (microej.md §1.3). Signatures only.
package ej.bon;

public abstract class TimerTask implements Runnable {
    protected TimerTask() {
        throw new RuntimeException();
    }

    public abstract void run();

    public boolean cancel() {
        throw new RuntimeException();
    }

    public long scheduledExecutionTime() {
        throw new RuntimeException();
    }
}
