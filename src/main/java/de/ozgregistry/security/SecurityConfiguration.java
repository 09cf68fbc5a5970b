package de.ozgregistry.security;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * HTTP-level security: no sessions or cookies (credentials travel as bearer tokens and are checked per GraphQL
 * request by {@link Authentication}), security headers for a browser front end served from the same origin, and CORS
 * only for the origins configured in {@code OZG_CORS_ALLOWED_ORIGINS}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class SecurityConfiguration {

	/**
	 * Everything the registry serves, the web front end included, is same-origin only: scripts and styles from its
	 * own files (no inline code), no plugins, no framing. With OIDC sign-in in the browser, the front end may also
	 * call the issuer (discovery and token endpoint): {@code %s} is replaced by its origin.
	 */
	private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; font-src 'self'; object-src 'none'; connect-src 'self'%s; "
			+ "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

	/**
	 * GraphiQL (a developer tool) runs from the registry's own bundled files like the front end; its editor inserts
	 * style elements and fonts as data URLs, and may run a worker.
	 */
	private static final String GRAPHIQL_CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; worker-src 'self' blob:; "
			+ "object-src 'none'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

	@Bean
	@Order(1)
	SecurityWebFilterChain graphiqlFilterChain(ServerHttpSecurity http, SecurityProperties properties) {
		return configure(http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/graphiql", "/graphiql/**")),
				properties, GRAPHIQL_CONTENT_SECURITY_POLICY);
	}

	@Bean
	@Order(2)
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, SecurityProperties properties) {
		return configure(http, properties, CONTENT_SECURITY_POLICY.formatted(issuerOrigin(properties.oidc())));
	}

	/** The issuer's origin (with a leading space) when the front end signs in there, else nothing. */
	static String issuerOrigin(SecurityProperties.Oidc oidc) {
		if (!oidc.browserSignIn()) {
			return "";
		}
		java.net.URI issuer = java.net.URI.create(oidc.issuerUri());
		return " " + issuer.getScheme() + "://" + issuer.getRawAuthority();
	}

	private static SecurityWebFilterChain configure(ServerHttpSecurity http, SecurityProperties properties,
			String contentSecurityPolicy) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.authorizeExchange(exchange -> exchange.anyExchange().permitAll())
			.cors(cors -> cors.configurationSource(corsSource(properties.corsAllowedOrigins())))
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy))
				.referrerPolicy(referrer -> referrer
					.policy(ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)))
			.build();
	}

	private static UrlBasedCorsConfigurationSource corsSource(List<String> origins) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (!origins.isEmpty()) {
			CorsConfiguration cors = new CorsConfiguration();
			cors.setAllowedOrigins(origins);
			cors.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.POST.name()));
			cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept"));
			cors.setExposedHeaders(List.of("Retry-After"));
			cors.setMaxAge(3600L);
			source.registerCorsConfiguration("/graphql/**", cors);
		}
		return source;
	}

}
