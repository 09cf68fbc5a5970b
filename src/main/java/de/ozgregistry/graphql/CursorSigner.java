package de.ozgregistry.graphql;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs cursors with an HMAC-SHA256 (truncated to 128 bits) under the node's secret, so that a client can only pass
 * back cursors the registry issued: {@code <cursor>.<signature>}, both base64url.
 */
public final class CursorSigner {

	static final int SIGNATURE_BYTES = 16;

	private static final String ALGORITHM = "HmacSHA256";

	private final Mac prototype;

	public CursorSigner(byte[] secret) {
		if (secret.length < 32) {
			throw new IllegalArgumentException("The cursor secret needs at least 32 bytes.");
		}
		try {
			this.prototype = Mac.getInstance(ALGORITHM);
			this.prototype.init(new SecretKeySpec(secret, ALGORITHM));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	/** The cursor with its signature appended. */
	public String sign(String cursor) {
		return cursor + "." + encoded(cursor);
	}

	/**
	 * The cursor inside a signed one; anything not signed by this secret fails with {@code VALIDATION_FAILED} on
	 * {@code field}.
	 */
	public String verify(String signed, String field) {
		int dot = signed.lastIndexOf('.');
		if (dot > 0) {
			String cursor = signed.substring(0, dot);
			// compared as text, so that no second spelling of the same bytes (base64's spare bits) passes
			byte[] given = signed.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
			if (MessageDigest.isEqual(given, encoded(cursor).getBytes(StandardCharsets.US_ASCII))) {
				return cursor;
			}
		}
		throw Cursor.invalid(field);
	}

	private String encoded(String cursor) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(signature(cursor));
	}

	private byte[] signature(String cursor) {
		Mac mac;
		try {
			mac = (Mac) prototype.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("HMAC-SHA256 cannot be cloned", ex);
		}
		byte[] full = mac.doFinal(cursor.getBytes(StandardCharsets.UTF_8));
		return java.util.Arrays.copyOf(full, SIGNATURE_BYTES);
	}

}
