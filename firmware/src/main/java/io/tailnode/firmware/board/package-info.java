/**
 * The board HALs over C natives (bsp/): {@link io.tailnode.firmware.board.BoardNatives} is the SNI seam,
 * the {@code Native*} classes implement the {@code hal} interfaces on it. Simulator: platform-config/sni-mock.
 */
package io.tailnode.firmware.board;
