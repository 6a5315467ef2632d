// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.util;

public interface Enumeration<E>  {
    boolean hasMoreElements();
    E nextElement();
}
