package de.ozgregistry.graphql;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The position of an item in a stably ordered list: its sort key and its ID (which breaks ties).
 * Encoded as opaque base64url text; clients pass it back as {@code after}.
 *
 * @param sortKey the value the list is ordered by
 * @param id the item's ID
 */
public record Cursor(String sortKey, String id) {

	private static final String PREFIX = "c1:";

	public String encode() {
		String raw = PREFIX + id + ":" + sortKey;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

	/** Decodes an {@code after} argument; a cursor this server did not issue fails with {@code VALIDATION_FAILED}. */
	public static Cursor decode(String cursor, String field) {
		try {
			String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			if (raw.startsWith(PREFIX)) {
				int colon = raw.indexOf(':', PREFIX.length());
				if (colon > 0) {
					return new Cursor(raw.substring(colon + 1), raw.substring(PREFIX.length(), colon));
				}
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		throw RegistryException.invalid(field, "cursor", "Not a cursor of this list: pass an endCursor you received.");
	}

}
