package dev.slmmesh.http;

import dev.slmmesh.config.SecureFiles;
import dev.slmmesh.wire.HubProof;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The hub's TLS identity: a self-signed EC certificate generated at first start by the JDK's own
 * {@code keytool} into {@code <data>/tls/hub.p12} (password in {@code hub.pass}, both 0600).
 * Clients pin its SHA-256 fingerprint and bind their secret proofs to it; there is no CA.
 */
public final class HubTls {
  static final String ALIAS = "slm-mesh-hub";
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;
  private static final String PASS_ENV = "SLM_MESH_KEYSTORE_PASS";

  private final KeyStore keyStore;
  private final String password;
  private final String fingerprint;

  private HubTls(KeyStore keyStore, String password, String fingerprint) {
    this.keyStore = keyStore;
    this.password = password;
    this.fingerprint = fingerprint;
  }

  /** Loads {@code dir/hub.p12}, generating it (and the directory, 0700) first if missing. */
  public static HubTls loadOrCreate(Path dir) throws IOException {
    SecureFiles.ensureDir(dir);
    Path store = dir.resolve("hub.p12");
    Path pass = dir.resolve("hub.pass");
    if (!Files.exists(store) || SecureFiles.read(pass).isEmpty()) {
      generate(store, pass);
    }
    String password = SecureFiles.read(pass).orElseThrow(() -> new IOException("empty " + pass));
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password.toCharArray());
      Certificate cert = ks.getCertificate(ALIAS);
      if (cert == null) {
        throw new IOException(
            store + " has no entry " + ALIAS + "; move the tls directory aside to regenerate it");
      }
      return new HubTls(ks, password, HubProof.fingerprint(cert));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the hub keystore " + store + ": " + e.getMessage(), e);
    }
  }

  private static void generate(Path store, Path pass) throws IOException {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    Files.deleteIfExists(store);
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command =
        List.of(
            keytool.toString(),
            "-genkeypair",
            "-alias",
            ALIAS,
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-sigalg",
            "SHA256withECDSA",
            "-validity",
            "3650",
            "-dname",
            "CN=slm-mesh-hub",
            "-storetype",
            "PKCS12",
            "-keystore",
            store.toString(),
            "-storepass:env",
            PASS_ENV,
            "-keypass:env",
            PASS_ENV);
    // the password goes through the environment: a command line is visible to every user
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put(PASS_ENV, password);
    Process p =
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      if (!p.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(keytool + " did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while generating the hub certificate", e);
    }
    if (p.exitValue() != 0 || !Files.exists(store)) {
      throw new IOException(keytool + " failed (exit " + p.exitValue() + ") generating " + store);
    }
    Files.setPosixFilePermissions(store, SecureFiles.FILE);
    SecureFiles.writeAtomically(pass, password);
  }

  /** Lower-case hex SHA-256 of the certificate, as clients pin it. */
  public String fingerprint() {
    return fingerprint;
  }

  SslContextFactory.Server sslContextFactory() {
    SslContextFactory.Server f = new SslContextFactory.Server();
    f.setKeyStore(keyStore);
    f.setKeyStorePassword(password);
    f.setCertAlias(ALIAS);
    f.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    // clients pin the certificate; there is no host name to match against
    f.setSniRequired(false);
    return f;
  }
}
