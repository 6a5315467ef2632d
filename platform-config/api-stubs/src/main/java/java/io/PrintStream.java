// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.io;

public class PrintStream extends java.io.FilterOutputStream implements java.lang.Appendable, java.io.Closeable {
    public PrintStream(java.io.OutputStream p0) {
        throw new RuntimeException();
    }
    public PrintStream(java.io.OutputStream p0, boolean p1) {
        throw new RuntimeException();
    }
    public PrintStream(java.io.OutputStream p0, boolean p1, java.lang.String p2) throws java.io.UnsupportedEncodingException {
        throw new RuntimeException();
    }
    public void flush() {
        throw new RuntimeException();
    }
    public void print(char p0) {
        throw new RuntimeException();
    }
    public void print(double p0) {
        throw new RuntimeException();
    }
    public void print(float p0) {
        throw new RuntimeException();
    }
    public void print(int p0) {
        throw new RuntimeException();
    }
    public void print(long p0) {
        throw new RuntimeException();
    }
    public void print(java.lang.Object p0) {
        throw new RuntimeException();
    }
    public void print(java.lang.String p0) {
        throw new RuntimeException();
    }
    public void print(boolean p0) {
        throw new RuntimeException();
    }
    public void print(char[] p0) {
        throw new RuntimeException();
    }
    public void println() {
        throw new RuntimeException();
    }
    public void println(char p0) {
        throw new RuntimeException();
    }
    public void println(double p0) {
        throw new RuntimeException();
    }
    public void println(float p0) {
        throw new RuntimeException();
    }
    public void println(int p0) {
        throw new RuntimeException();
    }
    public void println(long p0) {
        throw new RuntimeException();
    }
    public void println(java.lang.Object p0) {
        throw new RuntimeException();
    }
    public void println(java.lang.String p0) {
        throw new RuntimeException();
    }
    public void println(boolean p0) {
        throw new RuntimeException();
    }
    public void println(char[] p0) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public java.io.PrintStream append(char p0) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public java.io.PrintStream append(java.lang.CharSequence p0) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public java.io.PrintStream append(java.lang.CharSequence p0, int p1, int p2) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public void close() {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public void write(int p0) {
        throw new RuntimeException();
    }
}
