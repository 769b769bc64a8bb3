package org.iseg.examples.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code iseg} command line: evaluate, predict, segment, train, bench, annotate, serve.
 *
 * <pre>
 * ./iseg evaluate                                   # default model on the bundled sample
 * ./iseg evaluate --checkpoint model.pth --datasets GrabCut,Berkeley --datasets-root ../shared/datasets
 * </pre>
 */
@Command(
    name = "iseg",
    mixinStandardHelpOptions = true,
    versionProvider = IsegCli.Version.class,
    description = "Click-based interactive image segmentation on the JVM.",
    subcommands = {
      EvaluateCommand.class,
      PredictCommand.class,
      SegmentCommand.class,
      SegmentEvalCommand.class,
      TrainM2fCommand.class,
      BsdsCocoCommand.class,
      TrainCommand.class,
      BenchCommand.class,
      ServeCommand.class,
      AnnotateCommand.class,
      CommandLine.HelpCommand.class
    })
public final class IsegCli {
  private IsegCli() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests and embedding). */
  public static int run(String... args) {
    return run(new PrintWriter(System.err, true), args);
  }

  /** The command tree with its parsing rules (tests parse with it without running). */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new IsegCli());
    // --fusion early, --fusion EARLY; a wrong value lists the choices
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // Benchmarks take their own --options; pass them through untouched.
    cli.getSubcommands().get("bench").setUnmatchedOptionsArePositionalParams(true);
    return cli;
  }

  /** Runs the command line with errors going to {@code err}. */
  public static int run(PrintWriter err, String... args) {
    EngineSetup.configure();
    CommandLine cli = commandLine();
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      // A user error gets one clear line, not a stack trace; ISEG_DEBUG=1 shows the trace.
      if (System.getenv("ISEG_DEBUG") != null) {
        e.printStackTrace();
      }
      commandLine.getErr().println("iseg " + commandLine.getCommandName() + ": " + describe(e));
      return 2;
    });
    return cli.execute(args);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"iseg " + EngineSetup.versions().getProperty("iseg.version")};
    }
  }
}
