package io.tailnode.lang;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that runs per packet, per handshake or per decoded element. The API gate
 * (platform-config/api-gate) fails the build if such a method contains {@code new}, an array
 * allocation or a string concatenation: the steady state must not allocate (static allocation rule).
 * Class retention so the gate sees it in bytecode; MicroEJ ignores it at run time.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface HotPath {
}
