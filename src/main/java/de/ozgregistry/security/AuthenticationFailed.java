package de.ozgregistry.security;

/** Credentials were given but are not valid: the whole request fails with {@code UNAUTHENTICATED}. */
class AuthenticationFailed extends RuntimeException {

	AuthenticationFailed(String message) {
		super(message, null, false, false);
	}

}
