package io.tailnode.gate;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** First pass: declared members and reference fields of one class, for inheritance and field-count rules. */
final class FactsCollector extends ClassVisitor {
    private final ClassFacts facts;

    FactsCollector(ClassFacts facts) {
        super(Opcodes.ASM9);
        this.facts = facts;
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
        facts.members.add(name + descriptor);
        boolean reference = descriptor.charAt(0) == 'L' || descriptor.charAt(0) == '[';
        if ((access & Opcodes.ACC_STATIC) == 0 && reference) {
            facts.instanceReferenceFields.add(name);
        }
        return null;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        facts.members.add(name + descriptor);
        return null;
    }
}
