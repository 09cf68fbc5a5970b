package de.ozgregistry.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes and hashes API tokens. Tokens carry 256 random bits, so a plain SHA-256 is enough to store them safely
 * (a slow password hash protects guessable secrets; these are not).
 */
final class TokenHashing {

	static final String PREFIX = "ozg_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private TokenHashing() {
	}

	static String newToken() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static byte[] hash(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	/** The first characters of a token, shown in lists so that owners can tell their tokens apart. */
	static String prefixOf(String token) {
		return token.substring(0, Math.min(token.length(), PREFIX.length() + 6));
	}

}
