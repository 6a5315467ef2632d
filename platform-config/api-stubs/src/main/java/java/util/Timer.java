// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.util;

public class Timer {
    public Timer() {
        throw new RuntimeException();
    }
    public Timer(java.lang.String p0) {
        throw new RuntimeException();
    }
    public Timer(java.lang.String p0, boolean p1) {
        throw new RuntimeException();
    }
    public Timer(boolean p0) {
        throw new RuntimeException();
    }
    public void cancel() {
        throw new RuntimeException();
    }
    public void schedule(java.util.TimerTask p0, long p1) {
        throw new RuntimeException();
    }
    public void schedule(java.util.TimerTask p0, long p1, long p2) {
        throw new RuntimeException();
    }
}
