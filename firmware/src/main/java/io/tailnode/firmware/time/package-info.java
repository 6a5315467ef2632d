/**
 * Time for the protocols: {@link io.tailnode.firmware.time.Tai64nClock}, WireGuard's TAI64N that never goes
 * backwards across reboots, on a lease persisted as {@link io.tailnode.firmware.time.ClockFloor}.
 */
package io.tailnode.firmware.time;
