package io.fgm.launcher;

import io.fgm.launcher.study.StudyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fgm} command line (the {@code ./fgm} script runs it for {@code up}, {@code study}, ...). */
@Command(
    name = "fgm",
    mixinStandardHelpOptions = true,
    version = "fgm 0.1.0",
    description = "Fine-grained (1-second) container monitor for Kubernetes.",
    subcommands = {UpCommand.class, StudyCommand.class})
public final class FgmCli implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new FgmCli()).execute(args));
  }
}
