package dev.htapod;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public type of the API has a Javadoc comment (javadoc's doclint runs without its "missing"
 * group, which would also want @param and @return on every accessor).
 */
class ApiDocumentationTest {
  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "^\\s*public (?:static )?(?:final )?(?:sealed )?(?:class|record|interface|enum) (\\w+)", Pattern.MULTILINE);

  @Test
  void everyPublicApiTypeHasAComment() throws IOException {
    List<String> undocumented = new ArrayList<>();
    List<Path> sources;
    try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/htapod/api"))) {
      sources = files.filter(file -> file.toString().endsWith(".java")).toList();
    }
    assertThat(sources).isNotEmpty();
    for (Path source : sources) {
      String text = Files.readString(source);
      Matcher type = PUBLIC_TYPE.matcher(text);
      while (type.find()) {
        if (!commentBefore(text.substring(0, type.start()))) {
          undocumented.add(source.getFileName() + ": " + type.group(1));
        }
      }
    }
    assertThat(undocumented).isEmpty();
  }

  /** Whether the code before a declaration ends with a comment, annotations aside. */
  private static boolean commentBefore(String before) {
    List<String> lines = new ArrayList<>(List.of(before.stripTrailing().split("\n")));
    while (!lines.isEmpty() && lines.get(lines.size() - 1).strip().startsWith("@")) {
      lines.remove(lines.size() - 1);
    }
    return !lines.isEmpty() && lines.get(lines.size() - 1).strip().endsWith("*/");
  }
}
