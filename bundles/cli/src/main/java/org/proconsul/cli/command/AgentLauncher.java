package org.proconsul.cli.command;

/**
 * {@code consul agent}: hands every argument after {@code agent} to
 * {@code org.proconsul.cli.agent.AgentCommand}, which starts the agent and owns its flags and help.
 */
public final class AgentLauncher implements Command {
    @Override
    public String synopsis() {
        return "Starts an agent";
    }

    @Override
    public String help() {
        return "Usage: consul agent [options]\n\n  Starts an agent. Run \"consul agent -h\" for its options.";
    }

    @Override
    public int run(String[] args) {
        return org.proconsul.cli.agent.AgentCommand.run(args);
    }
}
