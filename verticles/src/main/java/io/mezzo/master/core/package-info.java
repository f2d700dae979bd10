/**
 * The master's logic, pure: no Vert.x, no I/O, no thread of its own. {@link
 * io.mezzo.master.core.MasterCore} is what the shell's verticle calls; the world is the {@link
 * io.mezzo.master.core.MasterPort} (the event bus, timers, the clock), and the configuration
 * the {@link io.mezzo.master.core.CoreConfig}. Calls are checked in {@code master/validation}
 * before the state is touched; {@code MasterRoomsTest} keeps this package free of Vert.x.
 */
package io.mezzo.master.core;
