package org.iseg.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.iseg.models.compact.DefaultNetwork;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The shipped model says how it was trained with the project's one training command, and that command parses. */
class ShippedModelCommandTest {

  @Test
  void defaultModelCitesAnIsegTrainCommandThatParses() {
    java.util.Properties p = DefaultNetwork.properties();
    String command = p.getProperty("training.command");
    assertTrue(command.startsWith("./iseg train "), command);
    List<String> args = Arrays.asList(command.substring("./iseg ".length()).split(" +"));
    CommandLine.ParseResult parsed = IsegCli.commandLine().parseArgs(args.toArray(String[]::new));
    CommandLine.ParseResult train = parsed.subcommand();
    assertEquals("train", train.commandSpec().name());
    assertTrue(train.unmatched().isEmpty(), "unknown arguments " + train.unmatched());
    // ./iseg train names a RITM-style network by its backbone
    String model = p.getProperty("network").equals("compact") ? "compact" : p.getProperty("backbone");
    assertEquals(model, train.matchedOptionValue("--model", ""));
    String crop = train.matchedOptionValue("--crop", "");
    assertTrue(p.getProperty("training.crop").startsWith(crop + ","), crop + " vs " + p.getProperty("training.crop"));
  }
}
