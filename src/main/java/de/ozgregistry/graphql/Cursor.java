package de.ozgregistry.graphql;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The position of an item in a stably ordered list: its sort key and its ID (which breaks ties).
 * Encoded as base64url text; {@link ApiBoundary} signs it on the way out and checks the signature when a client
 * passes it back as {@code after}, so the decoded parts are the server's own. They are checked all the same (no NUL,
 * which PostgreSQL refuses; numbers and IDs where the list expects them).
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
			if (raw.startsWith(PREFIX) && raw.indexOf('\0') < 0) {
				int colon = raw.indexOf(':', PREFIX.length());
				if (colon > PREFIX.length()) {
					return new Cursor(raw.substring(colon + 1), raw.substring(PREFIX.length(), colon));
				}
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		throw invalid(field);
	}

	static RegistryException invalid(String field) {
		return RegistryException.invalid(field, "cursor", "Not a cursor of this list: pass an endCursor you received.");
	}

}
