/**
 * The native seam: on the board, X25519 and ChaCha20-Poly1305 run in C (bsp/), reached through MicroEJ SNI
 * {@code static native} methods in {@link io.tailnode.crypto.sni.CryptoNatives} (base types and 1-D arrays only,
 * at most 15 parameters, {@code int} return; arrays valid only during the call, no malloc in C).
 *
 * <p>{@link io.tailnode.crypto.sni.NativeX25519} and {@link io.tailnode.crypto.sni.NativeChaCha20Poly1305} adapt
 * the natives to {@link io.tailnode.crypto.X25519Engine} and {@link io.tailnode.crypto.AeadEngine}, checking
 * array bounds in Java because C trusts them; callers choose the Java or the native engine behind the same
 * interface.
 *
 * <p>In the simulator, {@code platform-config/sni-mock} provides a class with the same fully qualified name,
 * {@code io.tailnode.crypto.sni.CryptoNatives}, whose methods are plain {@code public static} Java (BouncyCastle).
 * It is placed ahead of the device jars on the class path and so shadows the native class, as MicroEJ HIL mocks
 * do; {@code simulator-tests} (CryptoSeamTest) checks that both engines agree with the Java implementations.
 */
package io.tailnode.crypto.sni;
