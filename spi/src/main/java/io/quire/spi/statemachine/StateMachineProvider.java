package io.quire.spi.statemachine;

import io.quire.spi.plugin.PluginProvider;

/** Creates the node's state machine, empty; selected by {@code plugins.state-machine}. */
public interface StateMachineProvider extends PluginProvider<StateMachine> {}
