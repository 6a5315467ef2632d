// Hand-written from the public BON 1.4 javadoc (microej.md §1.3). Objects declared in *.immutables.list.
package ej.bon;

public final class Immutables {
    private Immutables() {
        throw new RuntimeException();
    }

    public static Object get(String id) {
        throw new RuntimeException();
    }
}
