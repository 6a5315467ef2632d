// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.util;

public abstract class TimerTask implements java.lang.Runnable {
    protected TimerTask() {
        throw new RuntimeException();
    }
    public boolean cancel() {
        throw new RuntimeException();
    }
    public abstract void run();
}
