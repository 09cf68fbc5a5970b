package de.ozgregistry.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The web front end may call an OIDC issuer from the browser only when it signs in there. */
class ContentSecurityPolicyTest {

	@Test
	void theIssuersOriginIsAllowedOnlyForBrowserSignIn() {
		assertThat(SecurityConfiguration.issuerOrigin(oidc("https://idp.example:8443/realms/ozg", "ozg-web")))
			.isEqualTo(" https://idp.example:8443");
		assertThat(SecurityConfiguration.issuerOrigin(oidc("https://idp.example/realms/ozg", ""))).isEmpty();
		assertThat(SecurityConfiguration.issuerOrigin(oidc("", "ozg-web"))).isEmpty();
	}

	private static SecurityProperties.Oidc oidc(String issuerUri, String clientId) {
		return new SecurityProperties.Oidc(issuerUri, "", "", "", "ozg-registry", "ozg_organization", "ozg_roles",
				clientId, "openid");
	}

}
