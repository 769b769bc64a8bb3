package org.iseg.examples.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.iseg.examples.cli.IsegCli;

/**
 * One in-process run of the {@code iseg} command line: its exit code and what it wrote to its error stream.
 *
 * <pre>
 * CliRun r = CliRun.run("evaluate", "--n-clicks", "1");
 * assertEquals(0, r.code(), r.err());
 * </pre>
 */
public record CliRun(int code, String err) {

  public static CliRun run(String... args) {
    StringWriter err = new StringWriter();
    int code = IsegCli.run(new PrintWriter(err, true), args);
    return new CliRun(code, err.toString());
  }
}
