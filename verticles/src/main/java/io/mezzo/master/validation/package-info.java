/**
 * Every check of a call that reaches the master, in one room as in Mesos's
 * {@code master/validation.cpp}: scheduler, agent and operator calls, and the tasks of an
 * ACCEPT. The checks read the call alone (and, for tasks, the facts their caller passes
 * in), never the master's state, and refuse with a {@link io.mezzo.bus.Refusal}.
 */
package io.mezzo.master.validation;
