package dev.htapod.cli;

import dev.htapod.api.Htapod;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: htapod's version, the Java runtime, and whether the native part loads. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {
      "htapod " + (version == null ? "(development build)" : version),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
      Htapod.engineStatus()
    };
  }
}
