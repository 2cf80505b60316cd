package dev.htapod.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.TypeConversionException;

/** Reads a policy file named on the command line; one that cannot be read is a usage error. */
final class PolicyText {
  private PolicyText() {}

  static List<String> read(String option, Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new TypeConversionException(option + " " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new TypeConversionException(option + " " + file + ": permission denied");
    } catch (CharacterCodingException e) {
      throw new TypeConversionException(option + " " + file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new TypeConversionException(option + " " + file + ": " + e.getMessage());
    }
  }
}
