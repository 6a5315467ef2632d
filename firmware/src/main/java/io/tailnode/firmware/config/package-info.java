/**
 * Device configuration: {@link io.tailnode.firmware.config.DeviceConfig} carries every capacity and timer the
 * cores use. Build-time defaults (compiled in, then a properties text from platform-config on the board or a
 * file in the simulator) are overridden by the per-device provisioning record kept in the key store
 * ({@link io.tailnode.firmware.config.ProvisioningRecord}), which the host tool or a console line writes.
 * Both texts go through one strict bounded parser that applies all or nothing and returns a negative
 * {@link io.tailnode.firmware.config.ConfigStatus} reason. Allocation happens at construction only; not
 * thread-safe. The auth key is a secret: never logged, never in status output.
 */
package io.tailnode.firmware.config;
