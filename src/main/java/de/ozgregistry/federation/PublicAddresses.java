package de.ozgregistry.federation;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The one rule for addresses the registry must not call on its own initiative (server-side request forgery):
 * loopback, link-local, private (site-local, IPv6 unique local), the wildcard address and the shared address space
 * of carriers (100.64.0.0/10). Federation peers and notification webhooks are both checked by it.
 */
public final class PublicAddresses {

	private PublicAddresses() {
	}

	/** Whether the address is one of those the registry does not call. */
	public static boolean isPrivate(InetAddress address) {
		byte[] raw = address.getAddress();
		boolean uniqueLocal = raw.length == 16 && (raw[0] & 0xfe) == 0xfc;
		boolean sharedSpace = raw.length == 4 && (raw[0] & 0xff) == 100 && (raw[1] & 0xc0) == 64;
		return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
				|| address.isAnyLocalAddress() || uniqueLocal || sharedSpace;
	}

	/**
	 * The first address the host resolves to that {@link #isPrivate is private}, or {@code null} if all are public.
	 * Resolves the name: blocking, so call it off the event loop.
	 */
	public static InetAddress firstPrivate(String host) throws UnknownHostException {
		for (InetAddress address : InetAddress.getAllByName(host)) {
			if (isPrivate(address)) {
				return address;
			}
		}
		return null;
	}

}
