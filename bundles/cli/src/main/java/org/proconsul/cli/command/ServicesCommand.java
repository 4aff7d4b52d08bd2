package org.proconsul.cli.command;

/** {@code consul services}: only groups {@code register} and {@code deregister}; alone it prints its help. */
public final class ServicesCommand implements Command {
    @Override
    public String synopsis() {
        return "Interact with services";
    }

    @Override
    public String help() {
        return "Usage: consul services <subcommand> [options] [args]\n"
                + "\n"
                + "  Registers services with the local agent, or removes them, from flags or from\n"
                + "  service definition files in the agent's config format (HCL or JSON).\n"
                + "\n"
                + "      $ consul services register -name=web -port=80\n"
                + "      $ consul services register web.hcl\n"
                + "      $ consul services deregister -id=web\n"
                + "\n"
                + "  Each subcommand has its own help (-h).";
    }

    @Override
    public int run(String[] args) {
        return RUN_RESULT_HELP;
    }
}
