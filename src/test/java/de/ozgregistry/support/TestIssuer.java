package de.ozgregistry.support;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * The tests' OIDC issuer: a real OIDC server in the tests' process (mock-oauth2-server: discovery, JWKS,
 * authorization code with PKCE and its login form, for the browser's sign-in), serving this class's signing key
 * under its issuer {@code /ozg}; tokens for API tests are signed here with the same key, so that the registry checks
 * them as it checks any token of the issuer: through discovery and the JWKS.
 */
public final class TestIssuer {

	/**
	 * The issuer's ID on the server (its path) and the key ID of its signing key in the JWKS and in every token's
	 * header: the server names an issuer's key by the issuer's ID.
	 */
	private static final String KEY_ID = "ozg";

	private final MockOAuth2Server server;

	private final String issuer;

	private final String audience;

	private final KeyPair keys = generate();

	private final KeyPair foreignKeys = generate();

	/** Starts the OIDC server on a free port of localhost; {@code audience} is also the web front end's client ID. */
	public TestIssuer(String audience) {
		RSAKey key = new RSAKey.Builder((RSAPublicKey) keys.getPublic()).privateKey(keys.getPrivate())
			.keyID(KEY_ID)
			.keyUse(KeyUse.SIGNATURE)
			.algorithm(JWSAlgorithm.RS256)
			.build();
		this.server = new MockOAuth2Server(new OAuth2Config(true, null, null, false,
				new OAuth2TokenProvider(new KeyProvider(List.of(key), JWSAlgorithm.RS256.getName()))));
		try {
			server.start(java.net.InetAddress.getLoopbackAddress(), 0);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("the tests' OIDC server did not start", ex);
		}
		this.issuer = server.issuerUrl(KEY_ID).toString().replaceAll("/$", "");
		this.audience = audience;
	}

	public String issuer() {
		return issuer;
	}

	public String audience() {
		return audience;
	}

	public String publicKeyPem() {
		return "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----";
	}

	/** A valid token for this organization reference (ARS or ID) and these roles, valid for an hour. */
	public String token(String organization, String... roles) {
		return sign(keys, issuer, audience, Instant.now().plusSeconds(3600), organization, roles);
	}

	public String expiredToken(String organization, String... roles) {
		return sign(keys, issuer, audience, Instant.now().minusSeconds(3600), organization, roles);
	}

	public String tokenFromOtherIssuer(String organization, String... roles) {
		return sign(keys, "https://evil.example", audience, Instant.now().plusSeconds(3600), organization, roles);
	}

	public String tokenForOtherAudience(String organization, String... roles) {
		return sign(keys, issuer, "another-app", Instant.now().plusSeconds(3600), organization, roles);
	}

	/** Signed with a key the registry does not trust (a forged token). */
	public String forgedToken(String organization, String... roles) {
		return sign(foreignKeys, issuer, audience, Instant.now().plusSeconds(3600), organization, roles);
	}

	private static String sign(KeyPair keyPair, String issuer, String audience, Instant expiry, String organization,
			String... roles) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer)
			.audience(audience)
			.subject("user-" + organization)
			.issueTime(Date.from(expiry.minusSeconds(7200)))
			.notBeforeTime(Date.from(expiry.minusSeconds(7200)))
			.expirationTime(Date.from(expiry))
			.claim("ozg_organization", organization)
			.claim("ozg_roles", List.of(roles))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY_ID).build(), claims);
		try {
			jwt.sign(new RSASSASigner((RSAPrivateKey) keyPair.getPrivate()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private static KeyPair generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}


}
