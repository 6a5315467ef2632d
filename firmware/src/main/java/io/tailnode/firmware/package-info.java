/**
 * Firmware: HAL interfaces, key store, provisioning, event loop and the MicroEJ bindings.
 * Filled in by the device-platform issue; today this module only proves the gate covers it.
 */
package io.tailnode.firmware;
