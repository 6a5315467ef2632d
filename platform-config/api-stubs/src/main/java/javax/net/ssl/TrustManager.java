// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package javax.net.ssl;

public interface TrustManager {
}
