package org.proconsul.cli;

/** Entry point of the {@code consul} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Io io = Io.system();
        int code;
        try {
            code = new Cli(io).run(args);
        } finally {
            io.flush();
        }
        System.exit(code);
    }
}
