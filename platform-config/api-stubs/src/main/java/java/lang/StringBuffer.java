// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public final class StringBuffer implements java.lang.Comparable<java.lang.StringBuffer>, java.lang.CharSequence {
    public StringBuffer() {
        throw new RuntimeException();
    }
    public StringBuffer(int p0) {
        throw new RuntimeException();
    }
    public StringBuffer(java.lang.CharSequence p0) {
        throw new RuntimeException();
    }
    public StringBuffer(java.lang.String p0) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer append(char p0) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer append(double p0) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer append(float p0) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer append(int p0) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer append(long p0) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer append(java.lang.CharSequence p0) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer append(java.lang.CharSequence p0, int p1, int p2) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer append(java.lang.Object p0) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer append(java.lang.String p0) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer append(java.lang.StringBuffer p0) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer append(boolean p0) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer append(char[] p0) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer append(char[] p0, int p1, int p2) {
        throw new RuntimeException();
    }
    public char charAt(int p0) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer insert(int p0, char p1) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer insert(int p0, double p1) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer insert(int p0, float p1) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer insert(int p0, int p1) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer insert(int p0, long p1) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer insert(int p0, java.lang.CharSequence p1) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer insert(int p0, java.lang.CharSequence p1, int p2, int p3) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer insert(int p0, java.lang.Object p1) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer insert(int p0, java.lang.String p1) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer insert(int p0, boolean p1) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer insert(int p0, char[] p1) {
        throw new RuntimeException();
    }
    public java.lang.StringBuffer insert(int p0, char[] p1, int p2, int p3) {
        throw new RuntimeException();
    }
    public int length() {
        throw new RuntimeException();
    }
    public void setCharAt(int p0, char p1) {
        throw new RuntimeException();
    }
    public void setLength(int p0) {
        throw new RuntimeException();
    }
    public java.lang.String toString() {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public int compareTo(java.lang.StringBuffer p0) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public java.lang.CharSequence subSequence(int p0, int p1) {
        throw new RuntimeException();
    }
}
