package io.tailnode.gate;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/** Second pass: applies the per-class and per-instruction rules of {@link ApiGate} to one class. */
final class RuleChecker extends ClassVisitor {
    static final String HOT_PATH = "Lio/tailnode/lang/HotPath;";
    private static final Set<String> PRIMITIVE_WRAPPERS = Set.of("java/lang/Integer", "java/lang/Long", "java/lang/Short",
            "java/lang/Byte", "java/lang/Character", "java/lang/Boolean", "java/lang/Float", "java/lang/Double", "java/lang/Void");

    private final ApiGate gate;
    private final List<Violation> out;
    private final Set<String> reported = new HashSet<>();
    private String className;
    private boolean isInterface;

    RuleChecker(ApiGate gate, List<Violation> out) {
        super(Opcodes.ASM9);
        this.gate = gate;
        this.out = out;
    }

    private void fail(String rule, String where, String message) {
        if (reported.add(rule + where + message)) {
            out.add(new Violation(rule, where, message));
        }
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        className = name;
        isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
        int major = version & 0xFFFF;
        if (major > Opcodes.V1_7) {
            fail(Violation.CLASS_VERSION, dotted(name), "class file version " + major + " > 51 (Java 7); compile device code with -source 7 -target 7");
        }
        if (superName != null) {
            checkType(superName, dotted(name) + " (superclass)");
        }
        if (interfaces != null) {
            for (String i : interfaces) {
                checkType(i, dotted(name) + " (interface)");
            }
        }
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
        checkDescriptor(descriptor, dotted(className) + "." + name);
        return null;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        String where = dotted(className) + "." + name + descriptor;
        checkDescriptor(descriptor, where);
        if (isInterface && (access & Opcodes.ACC_ABSTRACT) == 0 && !name.equals("<clinit>")) {
            String kind = (access & Opcodes.ACC_STATIC) != 0 ? "static" : "default";
            fail(Violation.INTERFACE_METHOD_BODY, where, "interface " + kind + " method (Java 8); MicroEJ's Java 7 has only abstract interface methods");
        }
        return new Code(where);
    }

    private final class Code extends MethodVisitor {
        private final String where;
        private boolean hotPath;

        Code(String where) {
            super(Opcodes.ASM9);
            this.where = where;
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            if (descriptor.equals(HOT_PATH)) {
                hotPath = true;
            }
            return null;
        }

        private void allocation(String what) {
            if (hotPath) {
                fail(Violation.HOT_PATH_ALLOCATION, where, what + " in a @HotPath method; allocate once at construction and reuse");
            }
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            checkType(type, where);
            if (opcode == Opcodes.NEW) {
                allocation(type.equals("java/lang/StringBuilder") || type.equals("java/lang/StringBuffer")
                        ? "string concatenation (new " + dotted(type) + ")" : "new " + dotted(type));
            } else if (opcode == Opcodes.ANEWARRAY) {
                allocation("new " + dotted(type) + "[]");
            }
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            if (opcode == Opcodes.NEWARRAY) {
                allocation("new primitive array");
            }
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            checkDescriptor(descriptor, where);
            allocation("new multi-dimensional array");
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... bsmArgs) {
            String what = bsm.getOwner().equals("java/lang/invoke/StringConcatFactory") ? "string concatenation compiled for Java 9+"
                    : bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory") ? "lambda or method reference" : "invokedynamic";
            fail(Violation.INVOKEDYNAMIC, where, what + " (invokedynamic); MicroEJ's Java 7 has no invokedynamic");
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            if (opcode == Opcodes.GETSTATIC && name.equals("TYPE") && PRIMITIVE_WRAPPERS.contains(owner)) {
                fail(Violation.PRIMITIVE_CLASS_LITERAL, where, "primitive class literal (" + dotted(owner) + ".TYPE, e.g. int.class) is unsupported on MicroEJ");
                return;
            }
            checkMember(owner, name, descriptor, where);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            checkMember(owner, name, descriptor, where);
        }

        @Override
        public void visitLdcInsn(Object value) {
            if (value instanceof Type t && (t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY)) {
                checkDescriptor(t.getDescriptor(), where);
            } else if (value instanceof Handle || value instanceof org.objectweb.asm.ConstantDynamic
                    || (value instanceof Type t2 && t2.getSort() == Type.METHOD)) {
                fail(Violation.INVOKEDYNAMIC, where, "method handle or dynamic constant; MicroEJ has no java.lang.invoke");
            }
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            if (type != null) {
                checkType(type, where);
            }
        }
    }

    private void checkDescriptor(String descriptor, String where) {
        if (descriptor.startsWith("(")) {
            Type m = Type.getMethodType(descriptor);
            checkTypeSort(m.getReturnType(), where);
            for (Type a : m.getArgumentTypes()) {
                checkTypeSort(a, where);
            }
        } else {
            checkTypeSort(Type.getType(descriptor), where);
        }
    }

    private void checkTypeSort(Type t, String where) {
        if (t.getSort() == Type.ARRAY) {
            t = t.getElementType();
        }
        if (t.getSort() == Type.OBJECT) {
            checkType(t.getInternalName(), where);
        }
    }

    /** A class reference: java/javax must be allowlisted; anything else must be in the scanned closure or ej.*. */
    private void checkType(String internal, String where) {
        if (internal.startsWith("[")) {
            checkDescriptor(internal, where);
            return;
        }
        if (isPlatformApi(internal) || internal.startsWith("ej/")) {
            gate.noteApiUse(className, internal, where);
        }
        if (isPlatformApi(internal)) {
            if (!gate.allowlist().allowsClass(internal)) {
                fail(Violation.API_NOT_ALLOWED, where, dotted(internal) + " is not in the MicroEJ API allowlist (platform-config/api/microej-api.txt)");
            }
        } else if (!internal.startsWith("ej/") && gate.facts(internal) == null) {
            fail(Violation.API_NOT_ALLOWED, where, dotted(internal) + " is neither MicroEJ API nor part of the device closure");
        }
    }

    private void checkMember(String owner, String name, String descriptor, String where) {
        checkDescriptor(descriptor, where);
        if (owner.startsWith("[")) {
            checkDescriptor(owner, where); // array clone() and Object methods
            return;
        }
        checkType(owner, where);
        String notation = Allowlist.memberEntry(owner, name, descriptor);
        if (resolves(owner, name, descriptor, new HashSet<>())) {
            return;
        }
        if (isPlatformApi(owner) || gate.facts(owner) != null) {
            fail(Violation.API_NOT_ALLOWED, where, notation + " is not in the MicroEJ API allowlist (platform-config/api/microej-api.txt)");
        }
    }

    /**
     * True if the member is declared in the scanned closure, or is an allowlisted member of the first
     * platform class up the hierarchy (javac names the static type as owner, e.g. MyException.getMessage).
     */
    private boolean resolves(String owner, String name, String descriptor, Set<String> seen) {
        if (owner == null || !seen.add(owner)) {
            return false;
        }
        if (owner.startsWith("ej/")) {
            return true; // BON/SNI stubs are the complete API: javac already checked the member exists
        }
        if (isPlatformApi(owner)) {
            return platformMemberAllowed(owner, name, descriptor);
        }
        ClassFacts f = gate.facts(owner);
        if (f == null) {
            return false;
        }
        if (f.members.contains(name + descriptor)) {
            return true;
        }
        if (resolves(f.superName, name, descriptor, seen)) {
            return true;
        }
        for (String i : f.interfaces) {
            if (resolves(i, name, descriptor, seen)) {
                return true;
            }
        }
        return false;
    }

    /** Allowlisted on the class itself or on a JDK supertype that MicroEJ also has (e.g. StringBuilder.hashCode → Object). */
    private boolean platformMemberAllowed(String owner, String name, String descriptor) {
        if (gate.allowlist().allowsMember(owner, name, descriptor)) {
            return true;
        }
        Class<?> c;
        try {
            c = Class.forName(owner.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
        } catch (ClassNotFoundException e) {
            return false;
        }
        Set<Class<?>> todo = new HashSet<>();
        collectSupertypes(c, todo);
        todo.remove(c);
        for (Class<?> s : todo) {
            String sn = s.getName().replace('.', '/');
            if (gate.allowlist().allowsMember(sn, name, descriptor)) {
                return true;
            }
        }
        return false;
    }

    private static void collectSupertypes(Class<?> c, Set<Class<?>> out) {
        if (c == null || !out.add(c)) {
            return;
        }
        collectSupertypes(c.getSuperclass(), out);
        for (Class<?> i : c.getInterfaces()) {
            collectSupertypes(i, out);
        }
        if (c.isInterface()) {
            out.add(Object.class);
        }
    }

    private static boolean isPlatformApi(String internal) {
        return internal.startsWith("java/") || internal.startsWith("javax/");
    }

    private static String dotted(String internal) {
        return internal.replace('/', '.');
    }
}
