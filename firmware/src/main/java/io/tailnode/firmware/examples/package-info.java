/** Example OEM services built on {@link io.tailnode.firmware.api.TailnetSockets}. */
package io.tailnode.firmware.examples;
