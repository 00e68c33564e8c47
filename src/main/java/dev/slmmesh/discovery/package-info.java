/**
 * mDNS discovery of hubs ({@code _slm-mesh._tcp}): the hub advertises, clients browse. Imports only
 * {@code config} and {@code wire}; the daemon advertises, the client package browses.
 */
@NullMarked
package dev.slmmesh.discovery;

import org.jspecify.annotations.NullMarked;
