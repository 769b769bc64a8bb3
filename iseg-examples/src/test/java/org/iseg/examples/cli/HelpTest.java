package org.iseg.examples.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.iseg.api.spi.RobotProvider;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's help is complete: a whole-sentence summary and a description for every option. */
class HelpTest {
  private static final CommandLine CLI = new CommandLine(IsegCli.class);

  @Test
  void everyOptionOfEveryCommandIsDescribed() {
    List<String> undescribed = new ArrayList<>();
    for (CommandLine sub : CLI.getSubcommands().values()) {
      for (OptionSpec option : sub.getCommandSpec().options()) {
        String text = String.join(" ", option.description()).strip();
        if (text.isEmpty()) {
          undescribed.add(sub.getCommandName() + " " + option.longestName());
        }
      }
    }
    assertTrue(undescribed.isEmpty(), "options without a description: " + undescribed);
  }

  @Test
  void summariesAreWholeSentences() {
    for (CommandLine sub : CLI.getSubcommands().values()) {
      CommandSpec spec = sub.getCommandSpec();
      String[] description = spec.usageMessage().description();
      if (description.length > 0) {
        String summary = description[0].strip();
        assertTrue(summary.endsWith(".") || summary.endsWith(")"),
            sub.getCommandName() + "'s summary (the line 'iseg --help' shows) is cut off: '" + summary + "'");
      }
    }
  }

  @Test
  void robotHelpListsTheRobots() {
    String help = CLI.getSubcommands().get("evaluate").getUsageMessage(CommandLine.Help.Ansi.OFF)
        .replaceAll("\\s+", " ");
    for (String robot : RobotProvider.registry().names()) {
      assertTrue(help.contains(robot), "--robot's help names " + robot + ": " + help);
    }
  }
}
