package io.tailnode.gate;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generates the signature-only java/javax API stubs from the allowlist, so the allowlist is the single source
 * of truth for what device code can compile against. Signatures (modifiers, generics, throws, constant values)
 * are read from the JDK 17 class library, which implements the same public API; bodies throw. Only allowlisted
 * members are emitted, and a signature that mentions a type outside the allowlist is an error, so the two
 * cannot drift apart silently.
 *
 * <p>Usage: {@code StubGenerator <allowlist> <output source dir>}. The api-gate tests regenerate into a
 * temporary folder and compare with the committed sources.
 */
public final class StubGenerator {
    private static final String GENERATED = "// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.\n";

    private final Allowlist allowlist;

    public StubGenerator(Allowlist allowlist) {
        this.allowlist = allowlist;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: StubGenerator <allowlist> <output source dir>");
            System.exit(2);
        }
        Map<String, String> files = new StubGenerator(Allowlist.load(Path.of(args[0]))).generate();
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = Path.of(args[1]).resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        }
        System.out.println("wrote " + files.size() + " stub sources to " + args[1]);
    }

    /** Relative path → source text, for every top-level allowlisted class. */
    public Map<String, String> generate() {
        Map<String, String> out = new TreeMap<>();
        for (String internal : allowlist.classes()) {
            if (internal.contains("$")) {
                continue; // emitted inside its outer class
            }
            Class<?> c = load(internal);
            StringBuilder sb = new StringBuilder(GENERATED);
            sb.append("package ").append(c.getPackageName()).append(";\n\n");
            emitClass(sb, c, "");
            out.put(internal + ".java", sb.toString());
        }
        return out;
    }

    private static Class<?> load(String internal) {
        try {
            return Class.forName(internal.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("allowlisted class not in the JDK: " + internal, e);
        }
    }

    // Reflection returns members in no specified order; sort so the generated files are reproducible.
    private static List<Constructor<?>> sortedConstructors(Class<?> c) {
        List<Constructor<?>> ks = new ArrayList<>(List.of(c.getDeclaredConstructors()));
        ks.sort(java.util.Comparator.comparing(StubGenerator::descriptor));
        return ks;
    }

    private static List<Field> sortedFields(Class<?> c) {
        List<Field> fs = new ArrayList<>(List.of(c.getFields()));
        fs.sort(java.util.Comparator.comparing(Field::getName));
        return fs;
    }

    private static List<Class<?>> sortedNested(Class<?> c) {
        List<Class<?>> ns = new ArrayList<>(List.of(c.getDeclaredClasses()));
        ns.sort(java.util.Comparator.comparing(Class::getName));
        return ns;
    }

    private static String internalName(Class<?> c) {
        return c.getName().replace('.', '/');
    }

    private boolean listed(Class<?> c) {
        return allowlist.allowsClass(internalName(c));
    }

    private void emitClass(StringBuilder sb, Class<?> c, String indent) {
        int mod = c.getModifiers();
        sb.append(indent).append("public ");
        if (c.getEnclosingClass() != null) {
            sb.append("static ");
        }
        String kind;
        if (c.isAnnotation()) {
            kind = "@interface";
            emitMetaAnnotations(sb, c, indent);
        } else if (c.isInterface()) {
            kind = "interface";
        } else if (c.isEnum()) {
            kind = "enum";
        } else {
            kind = "class";
            if (Modifier.isAbstract(mod)) {
                sb.append("abstract ");
            }
            if (Modifier.isFinal(mod)) {
                sb.append("final ");
            }
        }
        sb.append(kind).append(' ').append(c.getSimpleName()).append(typeParams(c.getTypeParameters()));
        if (kind.equals("class")) {
            Class<?> sup = listedSuperclass(c);
            if (sup != null && sup != Object.class) {
                Type g = c.getGenericSuperclass();
                sb.append(" extends ").append(g instanceof ParameterizedType && ((ParameterizedType) g).getRawType() == sup
                        ? type(g) : type(sup));
            }
        }
        if (!c.isAnnotation()) {
            List<String> ifaces = new ArrayList<>();
            for (Type t : c.getGenericInterfaces()) {
                Class<?> raw = t instanceof ParameterizedType ? (Class<?>) ((ParameterizedType) t).getRawType() : (Class<?>) t;
                if (listed(raw)) {
                    ifaces.add(type(t));
                }
            }
            if (!ifaces.isEmpty()) {
                sb.append(c.isInterface() ? " extends " : " implements ").append(String.join(", ", ifaces));
            }
        }
        sb.append(" {\n");
        String in = indent + "    ";
        if (c.isEnum()) {
            emitEnumConstants(sb, c, in);
        }
        emitFields(sb, c, in);
        if (!c.isInterface() && !c.isEnum()) {
            emitConstructors(sb, c, in);
        }
        emitMethods(sb, c, in);
        for (Class<?> nested : sortedNested(c)) {
            if (listed(nested) && Modifier.isPublic(nested.getModifiers())) {
                sb.append('\n');
                emitClass(sb, nested, in);
            }
        }
        sb.append(indent).append("}\n");
    }

    private void emitMetaAnnotations(StringBuilder sb, Class<?> c, String indent) {
        // Retention and Target drive javac's own handling (e.g. @Override must stay SOURCE-retained).
        java.lang.annotation.Retention r = c.getAnnotation(java.lang.annotation.Retention.class);
        if (r != null && allowlist.allowsClass("java/lang/annotation/Retention")) {
            sb.setLength(sb.length() - "public ".length());
            sb.append("@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.").append(r.value()).append(")\n")
                    .append(indent).append("public ");
        }
        java.lang.annotation.Target t = c.getAnnotation(java.lang.annotation.Target.class);
        if (t != null && allowlist.allowsClass("java/lang/annotation/Target")) {
            List<String> kinds = new ArrayList<>();
            for (java.lang.annotation.ElementType e : t.value()) {
                if (allowlist.allowsMember("java/lang/annotation/ElementType", e.name(), "Ljava/lang/annotation/ElementType;")) {
                    kinds.add("java.lang.annotation.ElementType." + e.name());
                }
            }
            sb.setLength(sb.length() - "public ".length());
            sb.append("@java.lang.annotation.Target({").append(String.join(", ", kinds)).append("})\n")
                    .append(indent).append("public ");
        }
    }

    private Class<?> listedSuperclass(Class<?> c) {
        Class<?> s = c.getSuperclass();
        while (s != null && !listed(s)) {
            s = s.getSuperclass();
        }
        return s;
    }

    private void emitEnumConstants(StringBuilder sb, Class<?> c, String in) {
        List<String> names = new ArrayList<>();
        for (Object k : c.getEnumConstants()) {
            String name = ((Enum<?>) k).name();
            if (allowlist.allowsMember(internalName(c), name, "L" + internalName(c) + ";")) {
                names.add(name);
            }
        }
        sb.append(in).append(String.join(", ", names)).append(";\n");
    }

    private void emitFields(StringBuilder sb, Class<?> c, String in) {
        for (Field f : sortedFields(c)) {
            if (c.isEnum() && f.isEnumConstant()) {
                continue;
            }
            if (!allowlist.allowsMember(internalName(c), f.getName(), descriptor(f.getType()))) {
                continue;
            }
            int m = f.getModifiers();
            sb.append(in).append("public ");
            if (Modifier.isStatic(m)) {
                sb.append("static ");
            }
            if (Modifier.isFinal(m)) {
                sb.append("final ");
            }
            sb.append(type(f.getGenericType())).append(' ').append(f.getName());
            if (Modifier.isStatic(m) && Modifier.isFinal(m)) {
                sb.append(" = ").append(constant(f));
            }
            sb.append(";\n");
        }
    }

    /** Compile-time constants keep their values (javac inlines them); other statics are null placeholders. */
    private static String constant(Field f) {
        Object v;
        try {
            v = f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        Class<?> t = f.getType();
        if (t == int.class) {
            return v.toString();
        } else if (t == long.class) {
            return v + "L";
        } else if (t == short.class) {
            return "(short) " + v;
        } else if (t == byte.class) {
            return "(byte) " + v;
        } else if (t == char.class) {
            return "(char) " + (int) (Character) v;
        } else if (t == boolean.class) {
            return v.toString();
        } else if (t == float.class) {
            return "Float.intBitsToFloat(" + Float.floatToRawIntBits((Float) v) + ")";
        } else if (t == double.class) {
            return "Double.longBitsToDouble(" + Double.doubleToRawLongBits((Double) v) + "L)";
        }
        return "null";
    }

    private void emitConstructors(StringBuilder sb, Class<?> c, String in) {
        boolean any = false;
        for (Constructor<?> k : sortedConstructors(c)) {
            int m = k.getModifiers();
            if (!(Modifier.isPublic(m) || Modifier.isProtected(m))
                    || !allowlist.allowsMember(internalName(c), "<init>", descriptor(k))) {
                continue;
            }
            any = true;
            sb.append(in).append(Modifier.isPublic(m) ? "public " : "protected ").append(typeParams(k.getTypeParameters()))
                    .append(c.getSimpleName()).append(params(k)).append(throwsClause(k)).append(" {\n");
            sb.append(in).append("    ").append(superCall(c)).append("throw new RuntimeException();\n");
            sb.append(in).append("}\n");
        }
        if (!any) {
            // Not part of the API: only lets the stubs' own subclasses compile. The gate rejects any
            // reference to it from device code because it is not allowlisted.
            sb.append(in).append(Modifier.isFinal(c.getModifiers()) ? "private " : "protected ").append(c.getSimpleName())
                    .append("() {\n").append(in).append("    ").append(superCall(c)).append("throw new RuntimeException();\n")
                    .append(in).append("}\n");
        }
    }

    /** A super(...) call on the simplest allowlisted constructor of the stub superclass. */
    private String superCall(Class<?> c) {
        Class<?> sup = listedSuperclass(c);
        if (sup == null || sup == Object.class) {
            return "";
        }
        Constructor<?> best = null;
        for (Constructor<?> k : sortedConstructors(sup)) {
            int m = k.getModifiers();
            if ((Modifier.isPublic(m) || Modifier.isProtected(m))
                    && allowlist.allowsMember(internalName(sup), "<init>", descriptor(k))
                    && (best == null || k.getParameterCount() < best.getParameterCount())) {
                best = k;
            }
        }
        if (best == null || best.getParameterCount() == 0) {
            return "";
        }
        List<String> args = new ArrayList<>();
        for (Class<?> p : best.getParameterTypes()) {
            args.add(p == boolean.class ? "false" : p.isPrimitive() ? "(" + p.getName() + ") 0" : "(" + type(p) + ") null");
        }
        return "super(" + String.join(", ", args) + "); ";
    }

    private void emitMethods(StringBuilder sb, Class<?> c, String in) {
        // Keyed by name + parameter descriptor: bridges share parameters with the real method and lose to it.
        Map<String, Method> chosen = new TreeMap<>();
        List<Method> candidates = new ArrayList<>(List.of(c.getMethods()));
        for (Method m : c.getDeclaredMethods()) {
            if (Modifier.isProtected(m.getModifiers())) {
                candidates.add(m);
            }
        }
        for (Method m : candidates) {
            if (allowlist.allowsMember(internalName(c), m.getName(), descriptor(m)) && !isGenericBridge(c, m)) {
                choose(chosen, c, m);
            }
        }
        Map<String, Method> extra = new TreeMap<>();
        if (!c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
            for (Method required : inheritedAbstractMethods(c)) {
                Method impl = implementation(c, required);
                String key = paramKey(impl);
                Class<?> owner = impl.getDeclaringClass();
                boolean inStubSuperclass = owner != c && listed(owner) && owner.isAssignableFrom(c)
                        && allowlist.allowsMember(internalName(owner), impl.getName(), descriptor(impl));
                if (!chosen.containsKey(key) && !inStubSuperclass) {
                    extra.put(key, impl);
                }
            }
        }
        for (Method m : chosen.values()) {
            emitMethod(sb, c, m, in);
        }
        for (Method m : extra.values()) {
            sb.append(in).append("// not allowlisted: present only so this stub class implements its supertypes\n");
            emitMethod(sb, c, m, in);
        }
    }

    /** A covariant/generic bridge: javac never calls it, and emitting it would clash with the real method. */
    private static boolean isGenericBridge(Class<?> c, Method m) {
        if (!m.isBridge()) {
            return false;
        }
        for (Method other : c.getMethods()) {
            if (!other.isBridge() && other.getName().equals(m.getName()) && other.getParameterCount() == m.getParameterCount()) {
                return true;
            }
        }
        return false;
    }

    private static String paramKey(Method m) {
        String d = descriptor(m);
        return m.getName() + d.substring(0, d.indexOf(')') + 1);
    }

    private static void choose(Map<String, Method> chosen, Class<?> c, Method m) {
        String key = paramKey(m);
        Method prev = chosen.get(key);
        // Prefer the non-bridge declaration (it carries the generic signature and the narrowest return type).
        if (prev == null || (prev.isBridge() && !m.isBridge())
                || (prev.isBridge() == m.isBridge() && m.getDeclaringClass() == c && prev.getDeclaringClass() != c)) {
            chosen.put(key, m);
        }
    }

    /** Methods that are abstract in some stub supertype of {@code c} (every stub interface method is abstract). */
    private List<Method> inheritedAbstractMethods(Class<?> c) {
        List<Method> out = new ArrayList<>();
        List<Class<?>> todo = new ArrayList<>();
        todo.add(c);
        java.util.Set<Class<?>> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            Class<?> t = todo.remove(todo.size() - 1);
            if (t == null || !seen.add(t)) {
                continue;
            }
            if (t != c && listed(t)) {
                for (Method m : t.getDeclaredMethods()) {
                    boolean abstractInStub = !Modifier.isStatic(m.getModifiers())
                            && (t.isInterface() || Modifier.isAbstract(m.getModifiers()));
                    if (abstractInStub && !m.isBridge()
                            && allowlist.allowsMember(internalName(t), m.getName(), descriptor(m))) {
                        out.add(m);
                    }
                }
            }
            todo.add(t.getSuperclass());
            todo.addAll(List.of(t.getInterfaces()));
        }
        return out;
    }

    /** The method of {@code c} (as the JDK declares it) that implements {@code required}. */
    private static Method implementation(Class<?> c, Method required) {
        String want = paramKey(required);
        Method single = null;
        Method visibilityBridge = null;
        int count = 0;
        for (Method m : c.getMethods()) {
            if (!m.getName().equals(required.getName()) || m.getParameterCount() != required.getParameterCount()
                    || Modifier.isAbstract(m.getModifiers())) {
                continue;
            }
            if (m.isBridge()) {
                // javac's visibility bridges re-publish methods of non-public superclasses (StringBuilder.length).
                if (paramKey(m).equals(want)) {
                    visibilityBridge = m;
                }
                continue;
            }
            if (paramKey(m).equals(want)) {
                return m;
            }
            single = m;
            count++;
        }
        if (count == 1) {
            return single;
        }
        if (visibilityBridge != null) {
            return visibilityBridge;
        }
        throw new IllegalStateException("cannot tell which method of " + c.getName() + " implements " + required);
    }

    private void emitMethod(StringBuilder sb, Class<?> c, Method m, String in) {
        int mod = m.getModifiers();
        boolean iface = c.isInterface();
        sb.append(in);
        if (!iface) {
            sb.append(Modifier.isPublic(mod) ? "public " : "protected ");
        }
        if (Modifier.isStatic(mod)) {
            sb.append("static ");
        }
        boolean abstractHere = !Modifier.isStatic(mod)
                && (iface || (Modifier.isAbstract(mod) && Modifier.isAbstract(c.getModifiers())));
        if (!iface && abstractHere) {
            sb.append("abstract ");
        }
        if (!iface && Modifier.isFinal(mod) && !Modifier.isFinal(c.getModifiers())) {
            sb.append("final ");
        }
        sb.append(typeParams(m.getTypeParameters()));
        sb.append(c.isAnnotation() ? type(m.getReturnType()) : type(m.getGenericReturnType()))
                .append(' ').append(m.getName()).append(params(m)).append(throwsClause(m));
        sb.append(abstractHere ? ";\n" : " {\n" + in + "    throw new RuntimeException();\n" + in + "}\n");
    }

    private String params(Executable e) {
        Type[] ts = e.getGenericParameterTypes();
        if (ts.length != e.getParameterCount()) {
            ts = e.getParameterTypes(); // inner-class constructors: synthetic outer parameter
        }
        List<String> ps = new ArrayList<>();
        for (int i = 0; i < ts.length; i++) {
            String t = type(ts[i]);
            if (e.isVarArgs() && i == ts.length - 1) {
                t = t.substring(0, t.length() - 2) + "...";
            }
            ps.add(t + " p" + i);
        }
        return "(" + String.join(", ", ps) + ")";
    }

    private String throwsClause(Executable e) {
        List<String> ts = new ArrayList<>();
        for (Type t : e.getGenericExceptionTypes()) {
            Class<?> raw = (Class<?>) t;
            if (RuntimeException.class.isAssignableFrom(raw) || Error.class.isAssignableFrom(raw)) {
                continue; // unchecked: not needed to compile callers
            }
            ts.add(type(t));
        }
        return ts.isEmpty() ? "" : " throws " + String.join(", ", ts);
    }

    private String typeParams(TypeVariable<?>[] vars) {
        if (vars.length == 0) {
            return "";
        }
        List<String> ps = new ArrayList<>();
        for (TypeVariable<?> v : vars) {
            List<String> bounds = new ArrayList<>();
            for (Type b : v.getBounds()) {
                if (b != Object.class) {
                    bounds.add(type(b));
                }
            }
            ps.add(v.getName() + (bounds.isEmpty() ? "" : " extends " + String.join(" & ", bounds)));
        }
        return "<" + String.join(", ", ps) + "> ";
    }

    /** Java source form of a type; fails if it names a class outside the allowlist. */
    private String type(Type t) {
        if (t instanceof Class) {
            Class<?> c = (Class<?>) t;
            if (c.isArray()) {
                return type(c.getComponentType()) + "[]";
            }
            if (c.isPrimitive()) {
                return c.getName();
            }
            if (!listed(c)) {
                throw new IllegalStateException("signature mentions " + internalName(c) + ", which is not allowlisted");
            }
            return c.getCanonicalName();
        }
        if (t instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) t;
            List<String> args = new ArrayList<>();
            for (Type a : p.getActualTypeArguments()) {
                args.add(type(a));
            }
            return type(p.getRawType()) + "<" + String.join(", ", args) + ">";
        }
        if (t instanceof GenericArrayType) {
            return type(((GenericArrayType) t).getGenericComponentType()) + "[]";
        }
        if (t instanceof WildcardType) {
            WildcardType w = (WildcardType) t;
            if (w.getLowerBounds().length > 0) {
                return "? super " + type(w.getLowerBounds()[0]);
            }
            Type up = w.getUpperBounds()[0];
            return up == Object.class ? "?" : "? extends " + type(up);
        }
        if (t instanceof TypeVariable) {
            return ((TypeVariable<?>) t).getName();
        }
        throw new IllegalStateException("unsupported type " + t);
    }

    static String descriptor(Class<?> c) {
        if (c.isArray()) {
            return "[" + descriptor(c.getComponentType());
        }
        if (c.isPrimitive()) {
            return String.valueOf("ZBCSIJFDV".charAt(indexOfPrimitive(c.getName())));
        }
        return "L" + internalName(c) + ";";
    }

    private static int indexOfPrimitive(String name) {
        String[] names = {"boolean", "byte", "char", "short", "int", "long", "float", "double", "void"};
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name);
    }

    static String descriptor(Executable e) {
        StringBuilder sb = new StringBuilder("(");
        for (Class<?> p : e.getParameterTypes()) {
            sb.append(descriptor(p));
        }
        sb.append(')');
        sb.append(e instanceof Method ? descriptor(((Method) e).getReturnType()) : "V");
        return sb.toString();
    }
}
