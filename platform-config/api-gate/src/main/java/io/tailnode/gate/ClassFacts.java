package io.tailnode.gate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What the gate needs to know about one scanned class to resolve inherited members and count fields. */
final class ClassFacts {
    final String name;
    final String superName;
    final String[] interfaces;
    final boolean isInterface;
    final String origin;
    /** {@code name + descriptor} of every declared field and method. */
    final Set<String> members = new HashSet<>();
    final List<String> instanceReferenceFields = new ArrayList<>();

    ClassFacts(String name, String superName, String[] interfaces, boolean isInterface, String origin) {
        this.name = name;
        this.superName = superName;
        this.interfaces = interfaces == null ? new String[0] : interfaces;
        this.isInterface = isInterface;
        this.origin = origin;
    }
}
