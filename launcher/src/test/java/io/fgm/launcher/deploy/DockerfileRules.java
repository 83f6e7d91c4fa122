package io.fgm.launcher.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rules for fgm's Dockerfiles: every base image pinned, the final stage running as a non-root user, and every
 * file copied from the build context present in the repository. Pure apart from the existence check.
 */
final class DockerfileRules {
  private DockerfileRules() {}

  /** One instruction, continuation lines joined, comments dropped. */
  record Instruction(String keyword, String args) {}

  static List<Instruction> instructions(String dockerfile) {
    List<Instruction> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : dockerfile.split("\n", -1)) {
      String line = raw.strip();
      if (current.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
        continue;
      }
      if (line.startsWith("#")) {
        continue; // a comment inside a continued instruction
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      String joined = current.toString().strip();
      current.setLength(0);
      int space = joined.indexOf(' ');
      out.add(space < 0
          ? new Instruction(joined.toUpperCase(Locale.ROOT), "")
          : new Instruction(joined.substring(0, space).toUpperCase(Locale.ROOT), joined.substring(space + 1).strip()));
    }
    return out;
  }

  /** The base images of a Dockerfile's stages, in order (stage names are not images). */
  static List<String> baseImages(List<Instruction> instructions) {
    List<String> images = new ArrayList<>();
    Set<String> stages = new HashSet<>();
    for (Instruction i : instructions) {
      if (!i.keyword().equals("FROM")) {
        continue;
      }
      List<String> words = new ArrayList<>(List.of(i.args().split("\\s+")));
      words.removeIf(w -> w.startsWith("--"));
      if (!stages.contains(words.get(0))) {
        images.add(words.get(0));
      }
      if (words.size() >= 3 && words.get(1).equalsIgnoreCase("AS")) {
        stages.add(words.get(2));
      }
    }
    return images;
  }

  static List<String> check(String name, String dockerfile, Path context) {
    List<String> v = new ArrayList<>();
    List<Instruction> all = instructions(dockerfile);
    for (String image : baseImages(all)) {
      WorkloadRules.imagePinProblem(image).ifPresent(p -> v.add(name + ": " + p));
    }
    int lastFrom = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).keyword().equals("FROM")) {
        lastFrom = i;
      }
    }
    String user = null;
    for (int i = Math.max(lastFrom, 0); i < all.size(); i++) {
      if (all.get(i).keyword().equals("USER")) {
        user = all.get(i).args().split(":")[0];
      }
    }
    if (user == null || user.equals("root") || user.equals("0")) {
      v.add(name + ": the final stage must switch to a non-root USER (found " + user + ")");
    }
    for (Instruction i : all) {
      if (!(i.keyword().equals("COPY") || i.keyword().equals("ADD")) || i.args().contains("--from=")) {
        continue;
      }
      List<String> words = new ArrayList<>(List.of(i.args().split("\\s+")));
      words.removeIf(w -> w.startsWith("--"));
      for (String source : words.subList(0, words.size() - 1)) {
        if (!source.equals(".") && !Files.exists(context.resolve(source))) {
          v.add(name + ": " + i.keyword() + " source " + source + " does not exist in the build context");
        }
      }
    }
    return v;
  }
}
