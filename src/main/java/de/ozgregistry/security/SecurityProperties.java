package de.ozgregistry.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication settings.
 *
 * @param adminToken the admin bootstrap credential; if empty, one is generated into {@code adminTokenFile}
 * @param adminTokenFile where a generated admin token is kept (readable by the owner only)
 * @param generateAdminToken whether to generate an admin token when none is configured
 * @param oidc OIDC bearer tokens from an external issuer
 * @param corsAllowedOrigins origins other than the registry's own that browsers may call the API from
 */
@ConfigurationProperties("ozg.security")
public record SecurityProperties(@DefaultValue("") String adminToken,
		@DefaultValue("data/admin-token") String adminTokenFile, @DefaultValue("true") boolean generateAdminToken,
		@DefaultValue Oidc oidc, @DefaultValue List<String> corsAllowedOrigins) {

	/**
	 * OIDC settings. Give an issuer URI (discovery), a JWK set URI, or a public key (PEM, for a fixed signing key).
	 *
	 * @param issuerUri issuer for discovery of the signing keys
	 * @param jwkSetUri JWK set URI of the issuer
	 * @param publicKey RSA public key in PEM, when the issuer signs with one fixed key
	 * @param issuer the expected {@code iss} claim (defaults to issuerUri)
	 * @param audience the expected {@code aud} claim
	 * @param organizationClaim claim naming the organization, by 12-digit ARS or registry ID
	 * @param rolesClaim claim listing the roles
	 * @param clientId public client ID of the web front end at the issuer (authorization code with PKCE); empty
	 * means the front end offers no OIDC sign-in
	 * @param clientScope the scopes the web front end asks the issuer for
	 */
	public record Oidc(@DefaultValue("") String issuerUri, @DefaultValue("") String jwkSetUri,
			@DefaultValue("") String publicKey, @DefaultValue("") String issuer,
			@DefaultValue("ozg-registry") String audience,
			@DefaultValue("ozg_organization") String organizationClaim,
			@DefaultValue("ozg_roles") String rolesClaim, @DefaultValue("") String clientId,
			@DefaultValue("openid") String clientScope) {

		boolean enabled() {
			return !issuerUri.isBlank() || !jwkSetUri.isBlank() || !publicKey.isBlank();
		}

		/** Whether the web front end offers sign-in at the issuer: it needs the issuer URI and a client ID. */
		public boolean browserSignIn() {
			return !issuerUri.isBlank() && !clientId.isBlank();
		}

		String expectedIssuer() {
			return issuer.isBlank() ? issuerUri : issuer;
		}

	}

}
