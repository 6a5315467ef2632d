package io.tailnode.gate;

import java.util.LinkedHashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;

/**
 * Reads each method's code length and exception-table size straight from the class file (ASM's visitor API
 * does not expose them). MicroEJ's limits (microej.md §2): 65,535 bytes of body, 63 handlers per method.
 */
final class CodeLimits {
    private CodeLimits() {
    }

    /** {@code name + descriptor} → {codeLength, handlerCount} for every method with a Code attribute. */
    static Map<String, int[]> read(ClassReader cr) {
        Map<String, int[]> out = new LinkedHashMap<>();
        char[] buf = new char[cr.getMaxStringLength()];
        int p = cr.header + 6; // access_flags, this_class, super_class
        int interfaces = cr.readUnsignedShort(p);
        p += 2 + 2 * interfaces;
        int fields = cr.readUnsignedShort(p);
        p += 2;
        for (int i = 0; i < fields; i++) {
            p = skipAttributes(cr, p + 6);
        }
        int methods = cr.readUnsignedShort(p);
        p += 2;
        for (int i = 0; i < methods; i++) {
            String name = cr.readUTF8(p + 2, buf);
            String desc = cr.readUTF8(p + 4, buf);
            int attrs = cr.readUnsignedShort(p + 6);
            p += 8;
            for (int a = 0; a < attrs; a++) {
                String attrName = cr.readUTF8(p, buf);
                int len = cr.readInt(p + 2);
                if (attrName.equals("Code")) {
                    int codeLength = cr.readInt(p + 10);
                    int handlers = cr.readUnsignedShort(p + 14 + codeLength);
                    out.put(name + desc, new int[] {codeLength, handlers});
                }
                p += 6 + len;
            }
        }
        return out;
    }

    private static int skipAttributes(ClassReader cr, int p) {
        int attrs = cr.readUnsignedShort(p);
        p += 2;
        for (int a = 0; a < attrs; a++) {
            p += 6 + cr.readInt(p + 2);
        }
        return p;
    }
}
