/**
 * Tailscale's ts2021 control channel (tailscale-protocol.md §2.2–§2.4), device Java, sans-I/O: the HTTP/1.1
 * upgrade ({@link io.tailnode.control.noise.UpgradeRequest}, {@link io.tailnode.control.noise.UpgradeResponse}),
 * the controlbase Noise IK initiator ({@link io.tailnode.control.noise.ControlHandshake}) and the record layer
 * with big-endian nonces and early-payload skipping ({@link io.tailnode.control.noise.ControlChannel}), which
 * feeds the HTTP/2 client through {@link io.tailnode.control.noise.ControlSink}. {@link
 * io.tailnode.lang.Base64} (crypto module) is the base64 shared by every device module.
 * <p>
 * Sequence: {@code begin} → {@code UpgradeRequest.write} → send; feed the reply to {@code UpgradeResponse.receive}
 * until DONE, the rest (and everything after) to {@code ControlChannel.receive}; once the channel is OPEN,
 * {@code ControlChannel.write} the HTTP/2 preface and frames. Errors are negative {@link
 * io.tailnode.control.noise.ControlReason} codes; no allocation after construction.
 */
package io.tailnode.control.noise;
