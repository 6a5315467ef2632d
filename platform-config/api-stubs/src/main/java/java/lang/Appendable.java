// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public interface Appendable {
    java.lang.Appendable append(char p0) throws java.io.IOException;
    java.lang.Appendable append(java.lang.CharSequence p0) throws java.io.IOException;
    java.lang.Appendable append(java.lang.CharSequence p0, int p1, int p2) throws java.io.IOException;
}
