// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public final class Class<T>  {
    private Class() {
        throw new RuntimeException();
    }
    public static java.lang.Class<?> forName(java.lang.String p0) throws java.lang.ClassNotFoundException {
        throw new RuntimeException();
    }
    public java.lang.String getName() {
        throw new RuntimeException();
    }
    public java.io.InputStream getResourceAsStream(java.lang.String p0) {
        throw new RuntimeException();
    }
    public java.lang.String getSimpleName() {
        throw new RuntimeException();
    }
    public T newInstance() throws java.lang.InstantiationException, java.lang.IllegalAccessException {
        throw new RuntimeException();
    }
}
