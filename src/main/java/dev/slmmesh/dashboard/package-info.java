/**
 * The web dashboard for the person overseeing the mesh (docs/dashboard.md): one-time login, a
 * session cookie, live views pushed over server-sent events and the person's actions, served on the
 * broker's loopback port in front of the API.
 */
@NullMarked
package dev.slmmesh.dashboard;

import org.jspecify.annotations.NullMarked;
