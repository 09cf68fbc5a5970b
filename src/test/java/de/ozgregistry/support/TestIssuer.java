package de.ozgregistry.support;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** A local OIDC issuer for tests: signs its own tokens with a key the test registry trusts. */
public final class TestIssuer {

	private final String issuer;

	private final String audience;

	private final KeyPair keys = generate();

	private final KeyPair foreignKeys = generate();

	public TestIssuer(String issuer, String audience) {
		this.issuer = issuer;
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
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
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
