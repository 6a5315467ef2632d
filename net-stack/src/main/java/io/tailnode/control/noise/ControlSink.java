package io.tailnode.control.noise;

/**
 * Receives the decrypted application byte stream of a {@link ControlChannel} (the HTTP/2 client, §2.4). Chunks
 * follow record boundaries, which carry no meaning: treat them as a byte stream. The array is the channel's
 * reassembly buffer, valid only during the call.
 */
public interface ControlSink {
    /** Consumes {@code buf[off..off+len)}; a negative return poisons the channel with {@link ControlReason#SINK_FAILED}. */
    int onPlaintext(byte[] buf, int off, int len);
}
