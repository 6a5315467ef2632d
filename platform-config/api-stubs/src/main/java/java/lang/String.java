// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public final class String implements java.lang.Comparable<java.lang.String>, java.lang.CharSequence {
    public String() {
        throw new RuntimeException();
    }
    public String(java.lang.String p0) {
        throw new RuntimeException();
    }
    public String(java.lang.StringBuffer p0) {
        throw new RuntimeException();
    }
    public String(java.lang.StringBuilder p0) {
        throw new RuntimeException();
    }
    public String(byte[] p0) {
        throw new RuntimeException();
    }
    public String(byte[] p0, int p1) {
        throw new RuntimeException();
    }
    public String(byte[] p0, int p1, int p2) {
        throw new RuntimeException();
    }
    public String(byte[] p0, int p1, int p2, int p3) {
        throw new RuntimeException();
    }
    public String(byte[] p0, int p1, int p2, java.lang.String p3) throws java.io.UnsupportedEncodingException {
        throw new RuntimeException();
    }
    public String(byte[] p0, java.lang.String p1) throws java.io.UnsupportedEncodingException {
        throw new RuntimeException();
    }
    public String(char[] p0) {
        throw new RuntimeException();
    }
    public String(char[] p0, int p1, int p2) {
        throw new RuntimeException();
    }
    public String(int[] p0, int p1, int p2) {
        throw new RuntimeException();
    }
    public char charAt(int p0) {
        throw new RuntimeException();
    }
    public int compareTo(java.lang.String p0) {
        throw new RuntimeException();
    }
    public java.lang.String concat(java.lang.String p0) {
        throw new RuntimeException();
    }
    public boolean contains(java.lang.CharSequence p0) {
        throw new RuntimeException();
    }
    public boolean endsWith(java.lang.String p0) {
        throw new RuntimeException();
    }
    public boolean equals(java.lang.Object p0) {
        throw new RuntimeException();
    }
    public boolean equalsIgnoreCase(java.lang.String p0) {
        throw new RuntimeException();
    }
    public byte[] getBytes() {
        throw new RuntimeException();
    }
    public void getBytes(int p0, int p1, byte[] p2, int p3) {
        throw new RuntimeException();
    }
    public byte[] getBytes(java.lang.String p0) throws java.io.UnsupportedEncodingException {
        throw new RuntimeException();
    }
    public void getChars(int p0, int p1, char[] p2, int p3) {
        throw new RuntimeException();
    }
    public int hashCode() {
        throw new RuntimeException();
    }
    public int indexOf(int p0) {
        throw new RuntimeException();
    }
    public int indexOf(int p0, int p1) {
        throw new RuntimeException();
    }
    public int indexOf(java.lang.String p0) {
        throw new RuntimeException();
    }
    public int indexOf(java.lang.String p0, int p1) {
        throw new RuntimeException();
    }
    public java.lang.String intern() {
        throw new RuntimeException();
    }
    public boolean isEmpty() {
        throw new RuntimeException();
    }
    public int lastIndexOf(int p0) {
        throw new RuntimeException();
    }
    public int lastIndexOf(int p0, int p1) {
        throw new RuntimeException();
    }
    public int lastIndexOf(java.lang.String p0) {
        throw new RuntimeException();
    }
    public int lastIndexOf(java.lang.String p0, int p1) {
        throw new RuntimeException();
    }
    public int length() {
        throw new RuntimeException();
    }
    public boolean regionMatches(int p0, java.lang.String p1, int p2, int p3) {
        throw new RuntimeException();
    }
    public boolean regionMatches(boolean p0, int p1, java.lang.String p2, int p3, int p4) {
        throw new RuntimeException();
    }
    public java.lang.String replace(char p0, char p1) {
        throw new RuntimeException();
    }
    public java.lang.String replace(java.lang.CharSequence p0, java.lang.CharSequence p1) {
        throw new RuntimeException();
    }
    public boolean startsWith(java.lang.String p0) {
        throw new RuntimeException();
    }
    public boolean startsWith(java.lang.String p0, int p1) {
        throw new RuntimeException();
    }
    public java.lang.String substring(int p0) {
        throw new RuntimeException();
    }
    public java.lang.String substring(int p0, int p1) {
        throw new RuntimeException();
    }
    public char[] toCharArray() {
        throw new RuntimeException();
    }
    public java.lang.String toLowerCase() {
        throw new RuntimeException();
    }
    public java.lang.String toUpperCase() {
        throw new RuntimeException();
    }
    public java.lang.String trim() {
        throw new RuntimeException();
    }
    public static java.lang.String valueOf(char p0) {
        throw new RuntimeException();
    }
    public static java.lang.String valueOf(double p0) {
        throw new RuntimeException();
    }
    public static java.lang.String valueOf(float p0) {
        throw new RuntimeException();
    }
    public static java.lang.String valueOf(int p0) {
        throw new RuntimeException();
    }
    public static java.lang.String valueOf(long p0) {
        throw new RuntimeException();
    }
    public static java.lang.String valueOf(java.lang.Object p0) {
        throw new RuntimeException();
    }
    public static java.lang.String valueOf(boolean p0) {
        throw new RuntimeException();
    }
    public static java.lang.String valueOf(char[] p0) {
        throw new RuntimeException();
    }
    public static java.lang.String valueOf(char[] p0, int p1, int p2) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public java.lang.CharSequence subSequence(int p0, int p1) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public java.lang.String toString() {
        throw new RuntimeException();
    }
}
