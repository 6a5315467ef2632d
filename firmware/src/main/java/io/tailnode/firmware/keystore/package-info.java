/**
 * The power-loss-safe key store on NOR flash: typed records ({@link io.tailnode.firmware.keystore.RecordTypes})
 * behind {@link io.tailnode.firmware.keystore.RecordStore}. Allocation happens at mount; reads and writes use
 * buffers allocated then. Not thread-safe: the event loop owns it.
 */
package io.tailnode.firmware.keystore;
