package dev.htapod.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExecCandidatesTest {
  @Test
  void aNameWithASlashIsTriedAsItIs() {
    assertThat(ExecCandidates.resolve("./run.sh", "/bin")).containsExactly("./run.sh");
    assertThat(ExecCandidates.resolve("/usr/bin/env", "/bin")).containsExactly("/usr/bin/env");
  }

  @Test
  void aBareNameIsTriedInEachPathEntryInOrder() {
    assertThat(ExecCandidates.resolve("curl", "/usr/local/bin:/usr/bin/:/bin"))
        .containsExactly("/usr/local/bin/curl", "/usr/bin/curl", "/bin/curl");
  }

  @Test
  void anEmptyPathEntryIsTheWorkingDirectory() {
    assertThat(ExecCandidates.resolve("tool", ":/bin:")).containsExactly("tool", "/bin/tool", "tool");
  }

  @Test
  void withoutPathTheDefaultOfExecvpApplies() {
    assertThat(ExecCandidates.resolve("ls", null)).containsExactly("/bin/ls", "/usr/bin/ls");
  }

  @Test
  void directoriesThatMayNotBeSearchedAreSkipped() {
    assertThat(ExecCandidates.resolve("tool", "/root/bin:/usr/bin", dir -> !dir.equals("/root/bin")))
        .containsExactly("/usr/bin/tool");
  }

  @Test
  void anEmptyNameHasNoCandidates() {
    assertThat(ExecCandidates.resolve("", "/bin")).isEmpty();
  }
}
