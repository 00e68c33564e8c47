package dev.slmmesh.cli.args;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgParserTest {
  private static final CommandSpec SPEC =
      new CommandSpec(
          "send",
          "s",
          List.of("send <peer> <message...>"),
          "d",
          List.of(
              OptionSpec.value("--from", "PEER", "sender"),
              OptionSpec.flag("--follow", "-f", "follow"),
              OptionSpec.repeatable("--type", "T", "types")),
          2,
          -1);

  @Test
  void takesOptionsAnywhereAndInBothValueForms() {
    Parsed p =
        ArgParser.parse(
            SPEC,
            List.of("--from=a", "peer", "-f", "hello", "--type", "x", "world", "--type", "y"));
    assertThat(p.args()).containsExactly("peer", "hello", "world");
    assertThat(p.value("--from")).contains("a");
    assertThat(p.has("--follow")).isTrue();
    assertThat(p.values("--type")).containsExactly("x", "y");
  }

  @Test
  void doubleDashEndsOptionsSoMessagesMayStartWithADash() {
    Parsed p = ArgParser.parse(SPEC, List.of("peer", "--", "--from", "-f"));
    assertThat(p.args()).containsExactly("peer", "--from", "-f");
    assertThat(p.has("--from")).isFalse();
  }

  @Test
  void rejectsUnknownOptionsNamingTheCommand() {
    assertThatThrownBy(() -> ArgParser.parse(SPEC, List.of("peer", "msg", "--frm", "x")))
        .isInstanceOf(CliException.class)
        .hasMessage("unknown option --frm for 'send' (see: slm-mesh send --help)")
        .extracting(e -> ((CliException) e).code())
        .isEqualTo(ExitCode.USAGE);
  }

  @Test
  void rejectsAMissingValueAndARepeatedSingleOption() {
    assertThatThrownBy(() -> ArgParser.parse(SPEC, List.of("peer", "msg", "--from")))
        .hasMessage("--from needs a value (PEER) (see: slm-mesh send --help)");
    assertThatThrownBy(
            () -> ArgParser.parse(SPEC, List.of("peer", "msg", "--from", "a", "--from", "b")))
        .hasMessage("--from given twice (see: slm-mesh send --help)");
    assertThatThrownBy(() -> ArgParser.parse(SPEC, List.of("peer", "msg", "--follow=yes")))
        .hasMessage("--follow takes no value (see: slm-mesh send --help)");
  }

  @Test
  void checksTheNumberOfArgumentsUnlessHelpIsAsked() {
    assertThatThrownBy(() -> ArgParser.parse(SPEC, List.of("peer")))
        .hasMessageStartingWith("'send' needs more arguments: send <peer> <message...>");
    assertThat(ArgParser.parse(SPEC, List.of("--help")).has("--help")).isTrue();
    assertThat(ArgParser.parse(SPEC, List.of("-h")).has("--help")).isTrue();
  }

  @Test
  void validatesNumbers() {
    Parsed p = ArgParser.parse(SPEC, List.of("a", "b", "--from", "12x"));
    assertThatThrownBy(() -> p.integer("--from", 1, 10))
        .hasMessage("--from must be a whole number, got \"12x\"");
    Parsed q = ArgParser.parse(SPEC, List.of("a", "b", "--from", "11"));
    assertThatThrownBy(() -> q.integer("--from", 1, 10))
        .hasMessage("--from must be between 1 and 10, got 11");
  }
}
