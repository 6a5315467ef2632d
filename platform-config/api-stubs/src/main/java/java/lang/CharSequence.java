// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public interface CharSequence {
    char charAt(int p0);
    int length();
    java.lang.CharSequence subSequence(int p0, int p1);
    java.lang.String toString();
}
