package dev.slmmesh.client;

import dev.slmmesh.wire.HubProof;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Trusts exactly one certificate, by SHA-256 fingerprint, or (when none is pinned yet) any
 * certificate: on first use the shared-secret proof, bound to the fingerprint seen, is what
 * authenticates the hub. Host names are not checked: the pin replaces them.
 */
final class PinnedTrust extends X509ExtendedTrustManager {
  private final @Nullable String pinned;
  private final String where;

  PinnedTrust(@Nullable String pinned, String where) {
    this.pinned = pinned;
    this.where = where;
  }

  static SSLContext context(@Nullable String pinned, String where) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new PinnedTrust(pinned, where)}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is required by every Java platform", e);
    }
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    if (chain.length == 0) {
      throw new CertificateException("the hub sent no certificate");
    }
    String seen = HubProof.fingerprint(chain[0]);
    if (pinned != null && !pinned.equals(seen)) {
      throw new CertificateException(
          "the hub's certificate changed (pinned "
              + pinned
              + ", now "
              + seen
              + "); if the hub was reinstalled on purpose, delete its line in "
              + where);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("client certificates are not used");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("client certificates are not used");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("client certificates are not used");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
