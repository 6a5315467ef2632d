/**
 * Hardware abstraction layer: the only seams between the firmware and the board (or the simulator).
 * Interfaces only; the MicroEJ implementations live in {@code io.tailnode.firmware.microej}, the host ones in
 * simulator-tests. Protocol cores never import either: they get time, randomness and storage from the caller.
 * Status codes are the negative constants of {@link io.tailnode.firmware.hal.HalStatus}.
 */
package io.tailnode.firmware.hal;
