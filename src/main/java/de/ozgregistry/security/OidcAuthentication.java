package de.ozgregistry.security;

import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.OrganizationKind;
import de.ozgregistry.organization.Organizations;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoders;
import org.springframework.stereotype.Component;

/**
 * OIDC bearer tokens (JWTs) from any standard issuer: the signature, issuer, audience and validity are checked; the
 * organization claim names the organization by 12-digit ARS or registry ID, the roles claim lists its roles.
 */
@Component
class OidcAuthentication {

	private final SecurityProperties.Oidc settings;

	private final Organizations organizations;

	private final Mono<ReactiveJwtDecoder> decoder;

	OidcAuthentication(SecurityProperties properties, Organizations organizations) {
		this.settings = properties.oidc();
		this.organizations = organizations;
		// Discovery from an issuer URI does blocking I/O: do it once, lazily, off the event loop.
		this.decoder = settings.enabled()
				? Mono.fromCallable(() -> createDecoder(settings)).subscribeOn(Schedulers.boundedElastic()).cache()
				: Mono.error(new AuthenticationFailed("This registry accepts no OIDC tokens; use an API token."));
	}

	Mono<Actor> authenticate(String token) {
		return decoder.flatMap(d -> d.decode(token))
			.onErrorMap(JwtException.class, ex -> new AuthenticationFailed("The OIDC token is not valid: "
					+ sanitize(ex.getMessage())))
			.flatMap(this::actorOf);
	}

	private Mono<Actor> actorOf(Jwt jwt) {
		Set<Role> roles = rolesOf(jwt.getClaim(settings.rolesClaim()));
		if (roles.isEmpty()) {
			return Mono.error(new AuthenticationFailed("The OIDC token names no role in the claim "
					+ settings.rolesClaim() + "."));
		}
		Object claim = jwt.getClaims().get(settings.organizationClaim());
		if (!(claim instanceof String reference) || reference.isBlank()) {
			return Mono.error(new AuthenticationFailed("The OIDC token names no organization in the claim "
					+ settings.organizationClaim() + "."));
		}
		Mono<Organization> organization;
		if (reference.matches("[0-9]{12}")) {
			OrganizationKind kind = roles.contains(Role.STATE_COORDINATOR) ? OrganizationKind.STATE
					: roles.contains(Role.FEDERAL_COORDINATOR) ? OrganizationKind.FEDERAL : null;
			organization = organizations.byArs(reference, kind);
		}
		else {
			try {
				organization = organizations.byCurrentOrFormerId(UUID.fromString(reference));
			}
			catch (IllegalArgumentException ex) {
				organization = Mono.empty();
			}
		}
		return organization
			.switchIfEmpty(Mono.error(new AuthenticationFailed("The organization of the OIDC token is not known.")))
			.map(org -> new Actor(org.id(), org.kind(), org.landCode(), roles, "oidc:" + jwt.getSubject()));
	}

	private static Set<Role> rolesOf(Object claim) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		Collection<?> values = (claim instanceof Collection<?> list) ? list
				: (claim instanceof String text) ? List.of(text.split("[ ,]+")) : List.of();
		for (Object value : values) {
			try {
				roles.add(Role.valueOf(String.valueOf(value).toUpperCase(java.util.Locale.ROOT)));
			}
			catch (IllegalArgumentException ex) {
				// roles of other applications in the same token are none of ours
			}
		}
		return roles;
	}

	/** The decoder of the settings: a configured public key, a JWKS URI, or the issuer's discovery document. */
	static ReactiveJwtDecoder createDecoder(SecurityProperties.Oidc settings) throws Exception {
		NimbusReactiveJwtDecoder nimbus;
		if (!settings.publicKey().isBlank()) {
			nimbus = NimbusReactiveJwtDecoder.withPublicKey(parsePublicKey(settings.publicKey())).build();
		}
		else if (!settings.jwkSetUri().isBlank()) {
			nimbus = NimbusReactiveJwtDecoder.withJwkSetUri(settings.jwkSetUri()).build();
		}
		else {
			nimbus = (NimbusReactiveJwtDecoder) ReactiveJwtDecoders.fromIssuerLocation(settings.issuerUri());
		}
		OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>("aud",
				aud -> aud != null && aud.contains(settings.audience()));
		OAuth2TokenValidator<Jwt> base = settings.expectedIssuer().isBlank() ? JwtValidators.createDefault()
				: JwtValidators.createDefaultWithIssuer(settings.expectedIssuer());
		nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(base, audience));
		return nimbus;
	}

	static RSAPublicKey parsePublicKey(String pem) throws Exception {
		String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		return (RSAPublicKey) KeyFactory.getInstance("RSA")
			.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
	}

	/**
	 * Where the JWT library's message goes on to name Java (a parser's exception, "java.lang.IllegalStateException:
	 * Expected BEGIN_OBJECT…" for a token that is not JSON): the message ends before it.
	 */
	private static final java.util.regex.Pattern JAVA_NAMES = java.util.regex.Pattern
		.compile("\\b(?:java|javax|jakarta|com|org|net|kotlin)\\.[a-zA-Z]|\\b[A-Za-z]*(?:Exception|Error)\\b");

	/**
	 * Validation messages of the JWT library name claims, never keys; keep them short, on one line, and free of the
	 * library's Java names.
	 */
	static String sanitize(String message) {
		String text = (message == null) ? "" : message.replaceAll("\\s+", " ");
		java.util.regex.Matcher java = JAVA_NAMES.matcher(text);
		if (java.find()) {
			text = text.substring(0, java.start()).replaceAll("[\\s:;,.]+$", "");
			if (text.isEmpty()) {
				text = "the token could not be read";
			}
		}
		return text.length() > 200 ? text.substring(0, 200) : text;
	}

}
