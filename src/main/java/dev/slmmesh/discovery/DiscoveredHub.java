package dev.slmmesh.discovery;

/**
 * A hub found by mDNS: where its TLS port is and what its TXT record says. {@code fingerprint} is
 * informational only (anyone on the LAN can advertise): clients still pin and run the secret proof.
 */
public record DiscoveredHub(
    String name,
    String address,
    int wsPort,
    String version,
    String machineId,
    String machineName,
    String fingerprint) {}
