// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang.annotation;

public enum RetentionPolicy {
    SOURCE, CLASS, RUNTIME;
}
