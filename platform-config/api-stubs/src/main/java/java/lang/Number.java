// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public abstract class Number {
    public Number() {
        throw new RuntimeException();
    }
    public byte byteValue() {
        throw new RuntimeException();
    }
    public abstract int intValue();
    public abstract long longValue();
    public short shortValue() {
        throw new RuntimeException();
    }
}
