package io.tailnode.gate;

/** One gate failure: which rule, where (class and member, or jar), and a sentence a developer can act on. */
public record Violation(String rule, String where, String message) {
    public static final String CLASS_VERSION = "class-version";
    public static final String INVOKEDYNAMIC = "invokedynamic";
    public static final String INTERFACE_METHOD_BODY = "interface-method-body";
    public static final String API_NOT_ALLOWED = "api-not-allowed";
    public static final String PRIMITIVE_CLASS_LITERAL = "primitive-class-literal";
    public static final String TOO_MANY_REFERENCE_FIELDS = "reference-fields";
    public static final String METHOD_TOO_LARGE = "method-size";
    public static final String TOO_MANY_HANDLERS = "exception-handlers";
    public static final String NON_DEVICE_JAR = "non-device-jar";
    public static final String HOT_PATH_ALLOCATION = "hot-path-allocation";
    public static final String IVY_DEPENDENCY = "ivy-dependency";

    @Override
    public String toString() {
        return "[" + rule + "] " + where + ": " + message;
    }
}
