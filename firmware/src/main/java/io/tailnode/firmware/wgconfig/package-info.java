/**
 * wg-quick style configuration files for the simulated device ({@code ./simulate device --wg-config FILE}):
 * {@link io.tailnode.firmware.wgconfig.WgConfigParser} reads the text from a caller buffer into a
 * {@link io.tailnode.firmware.wgconfig.WgConfig} holder whose arrays are sized from capacities at
 * construction. Bounded, no regex, all or nothing; errors are a {@link io.tailnode.firmware.wgconfig.WgConfigStatus}
 * code plus a line number (the host tool renders "file:line: problem"). Not thread-safe.
 */
package io.tailnode.firmware.wgconfig;
