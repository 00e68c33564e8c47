package dev.slmmesh.dashboard;

import java.util.Locale;
import java.util.function.IntSupplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.jspecify.annotations.Nullable;

/**
 * The browser-facing checks every dashboard request passes: the {@code Host} header must name this
 * broker's loopback port (a DNS-rebinding page arrives with its own host name), a state-changing
 * request must come from the dashboard's own origin; and the headers every response carries.
 */
final class WebGuard {
  /** Scripts, styles and connections from the dashboard itself only; nothing inline, no frames. */
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
          + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private final IntSupplier port;

  WebGuard(IntSupplier port) {
    this.port = port;
  }

  /** True if {@code host} is 127.0.0.1, localhost or [::1] with this broker's port. */
  boolean hostAllowed(@Nullable String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    String suffix = ":" + port.getAsInt();
    if (!h.endsWith(suffix)) {
      return false;
    }
    String name = h.substring(0, h.length() - suffix.length());
    return name.equals("127.0.0.1") || name.equals("localhost") || name.equals("[::1]");
  }

  /**
   * True if the request's {@code Origin} is the dashboard's own ({@code http://} plus the checked
   * {@code Host}). Browsers send it on every POST made by a script; its absence is refused too.
   */
  static boolean sameOrigin(@Nullable String origin, String host) {
    return origin != null && origin.equalsIgnoreCase("http://" + host);
  }

  /** Headers on every dashboard response, error pages included. */
  static void secure(HttpFields.Mutable headers) {
    headers.put(new HttpField("Content-Security-Policy", CSP));
    headers.put(new HttpField("X-Content-Type-Options", "nosniff"));
    headers.put(new HttpField("X-Frame-Options", "DENY"));
    headers.put(new HttpField("Referrer-Policy", "no-referrer"));
    headers.put(new HttpField("Cross-Origin-Opener-Policy", "same-origin"));
    headers.put(new HttpField("Cross-Origin-Resource-Policy", "same-origin"));
    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
  }
}
