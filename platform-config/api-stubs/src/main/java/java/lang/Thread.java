// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class Thread implements java.lang.Runnable {
    public static final int MAX_PRIORITY = 10;
    public static final int MIN_PRIORITY = 1;
    public static final int NORM_PRIORITY = 5;
    public Thread() {
        throw new RuntimeException();
    }
    public Thread(java.lang.Runnable p0) {
        throw new RuntimeException();
    }
    public Thread(java.lang.Runnable p0, java.lang.String p1) {
        throw new RuntimeException();
    }
    public Thread(java.lang.String p0) {
        throw new RuntimeException();
    }
    public static int activeCount() {
        throw new RuntimeException();
    }
    public static java.lang.Thread currentThread() {
        throw new RuntimeException();
    }
    public final java.lang.String getName() {
        throw new RuntimeException();
    }
    public final int getPriority() {
        throw new RuntimeException();
    }
    public void interrupt() {
        throw new RuntimeException();
    }
    public static boolean interrupted() {
        throw new RuntimeException();
    }
    public final boolean isAlive() {
        throw new RuntimeException();
    }
    public final boolean isDaemon() {
        throw new RuntimeException();
    }
    public boolean isInterrupted() {
        throw new RuntimeException();
    }
    public final void join() throws java.lang.InterruptedException {
        throw new RuntimeException();
    }
    public final void join(long p0) throws java.lang.InterruptedException {
        throw new RuntimeException();
    }
    public final void join(long p0, int p1) throws java.lang.InterruptedException {
        throw new RuntimeException();
    }
    public void run() {
        throw new RuntimeException();
    }
    public final void setDaemon(boolean p0) {
        throw new RuntimeException();
    }
    public final void setName(java.lang.String p0) {
        throw new RuntimeException();
    }
    public final void setPriority(int p0) {
        throw new RuntimeException();
    }
    public void setUncaughtExceptionHandler(java.lang.Thread.UncaughtExceptionHandler p0) {
        throw new RuntimeException();
    }
    public static void sleep(long p0) throws java.lang.InterruptedException {
        throw new RuntimeException();
    }
    public static void sleep(long p0, int p1) throws java.lang.InterruptedException {
        throw new RuntimeException();
    }
    public void start() {
        throw new RuntimeException();
    }
    public static void yield() {
        throw new RuntimeException();
    }

    public static interface UncaughtExceptionHandler {
        void uncaughtException(java.lang.Thread p0, java.lang.Throwable p1);
    }
}
