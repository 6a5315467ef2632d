/**
 * Device logging: int event codes and int/long arguments rendered by hand into one fixed line buffer, a
 * level threshold, a token bucket per event code with "suppressed=N" summaries, and a non-blocking
 * {@link io.tailnode.firmware.hal.LogSink}. Allocation-free after construction; not thread-safe (the event
 * loop owns the logger). There is deliberately no API that takes key material: arguments are numbers and an
 * optional ASCII name (hostname, peer label), never bytes to dump.
 */
package io.tailnode.firmware.log;
