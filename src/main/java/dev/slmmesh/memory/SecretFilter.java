package dev.slmmesh.memory;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What looks like a credential, so that it is never remembered: state keys named like one ({@code
 * api_key}, {@code DB_PASSWORD}, {@code auth.token}), and values shaped like one (private keys,
 * provider tokens, JWTs, bearer headers, {@code password=...}, credentials in URLs, long random
 * strings). Errs on the side of hiding.
 */
final class SecretFilter {
  static final String REDACTED = "[redacted]";

  private static final Pattern KEY =
      Pattern.compile(
          "(?i)(secret|passw(or)?d|passphrase|pwd|token|api[_.-]?key|credential|private[_.-]?key"
              + "|access[_.-]?key|session[_.-]?key|auth|cookie|signing)");

  private static final List<Pattern> VALUES =
      List.of(
          Pattern.compile(
              "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)"),
          Pattern.compile("\\b(sk|pk|rk)[-_](ant-|live_|test_|proj-)?[A-Za-z0-9_-]{16,}"),
          Pattern.compile("\\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})"),
          Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"),
          Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"),
          Pattern.compile("\\bAIza[0-9A-Za-z_-]{30,}"),
          Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"),
          Pattern.compile("(?i)\\b(bearer|basic|token)\\s+[A-Za-z0-9._~+/=-]{16,}"),
          Pattern.compile(
              "(?i)\\b(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key)(\\s*[:=]\\s*)\\S+"),
          Pattern.compile("(?i)(?<=://)[^/\\s:@]+:[^/\\s@]+(?=@)"),
          Pattern.compile("\\b[A-Fa-f0-9]{48,}\\b"),
          Pattern.compile(
              "\\b(?=[A-Za-z0-9+/_-]*[0-9])(?=[A-Za-z0-9+/_-]*[a-z])(?=[A-Za-z0-9+/_-]*[A-Z])"
                  + "[A-Za-z0-9+/_-]{40,}={0,2}"));

  private SecretFilter() {}

  static boolean secretKey(String key) {
    return KEY.matcher(key).find();
  }

  /** {@code text} with every credential-looking part replaced by {@value #REDACTED}. */
  static String redact(String text) {
    String out = text;
    for (Pattern p : VALUES) {
      Matcher m = p.matcher(out);
      if (m.find()) {
        out =
            m.replaceAll(
                r ->
                    r.groupCount() >= 2 && p.pattern().contains("[:=]")
                        ? Matcher.quoteReplacement(r.group(1) + r.group(2) + REDACTED)
                        : REDACTED);
      }
    }
    return out;
  }

  static boolean looksSecret(String value) {
    return !redact(value).equals(value);
  }
}
