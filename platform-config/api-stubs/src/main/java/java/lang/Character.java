// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public final class Character implements java.lang.Comparable<java.lang.Character> {
    public static final char MAX_VALUE = (char) 65535;
    public static final char MIN_VALUE = (char) 0;
    public Character(char p0) {
        throw new RuntimeException();
    }
    public char charValue() {
        throw new RuntimeException();
    }
    public static int digit(char p0, int p1) {
        throw new RuntimeException();
    }
    public static int digit(int p0, int p1) {
        throw new RuntimeException();
    }
    public boolean equals(java.lang.Object p0) {
        throw new RuntimeException();
    }
    public static char forDigit(int p0, int p1) {
        throw new RuntimeException();
    }
    public int hashCode() {
        throw new RuntimeException();
    }
    public static boolean isDigit(char p0) {
        throw new RuntimeException();
    }
    public static boolean isDigit(int p0) {
        throw new RuntimeException();
    }
    public static boolean isLetter(char p0) {
        throw new RuntimeException();
    }
    public static boolean isLetter(int p0) {
        throw new RuntimeException();
    }
    public static boolean isLetterOrDigit(char p0) {
        throw new RuntimeException();
    }
    public static boolean isLetterOrDigit(int p0) {
        throw new RuntimeException();
    }
    public static boolean isLowerCase(char p0) {
        throw new RuntimeException();
    }
    public static boolean isLowerCase(int p0) {
        throw new RuntimeException();
    }
    public static boolean isUpperCase(char p0) {
        throw new RuntimeException();
    }
    public static boolean isUpperCase(int p0) {
        throw new RuntimeException();
    }
    public static boolean isWhitespace(char p0) {
        throw new RuntimeException();
    }
    public static boolean isWhitespace(int p0) {
        throw new RuntimeException();
    }
    public static char toLowerCase(char p0) {
        throw new RuntimeException();
    }
    public static int toLowerCase(int p0) {
        throw new RuntimeException();
    }
    public java.lang.String toString() {
        throw new RuntimeException();
    }
    public static java.lang.String toString(char p0) {
        throw new RuntimeException();
    }
    public static char toUpperCase(char p0) {
        throw new RuntimeException();
    }
    public static int toUpperCase(int p0) {
        throw new RuntimeException();
    }
    public static java.lang.Character valueOf(char p0) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public int compareTo(java.lang.Character p0) {
        throw new RuntimeException();
    }
}
