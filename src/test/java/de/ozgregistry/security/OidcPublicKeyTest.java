package de.ozgregistry.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import de.ozgregistry.support.TestIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * OIDC with a configured public key ({@code OZG_OIDC_PUBLIC_KEY}) instead of the issuer's JWKS, which the API tests
 * use: the issuer's key verifies its tokens; a forged token, another issuer and another audience are refused.
 */
class OidcPublicKeyTest {

	private static final TestIssuer ISSUER = new TestIssuer("ozg-registry");

	@Test
	void aConfiguredPublicKeyChecksSignatureIssuerAndAudience() throws Exception {
		ReactiveJwtDecoder decoder = OidcAuthentication.createDecoder(new SecurityProperties.Oidc("", "",
				ISSUER.publicKeyPem(), ISSUER.issuer(), ISSUER.audience(), "ozg_organization", "ozg_roles", "", "openid"));
		assertThat(decoder.decode(ISSUER.token("073150000000", "PUBLISHER")).block().getClaimAsString("ozg_organization"))
			.isEqualTo("073150000000");
		for (String token : new String[] { ISSUER.forgedToken("073150000000", "PUBLISHER"),
				ISSUER.tokenFromOtherIssuer("073150000000", "PUBLISHER"),
				ISSUER.tokenForOtherAudience("073150000000", "PUBLISHER") }) {
			assertThatThrownBy(() -> decoder.decode(token).block()).isInstanceOf(JwtException.class);
		}
	}

}
