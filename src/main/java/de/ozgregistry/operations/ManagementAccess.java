package de.ozgregistry.operations;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import reactor.core.publisher.Mono;

import de.ozgregistry.security.AdminBootstrap;

import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * While the management endpoints share the main port (no {@code OZG_MANAGEMENT_PORT}), only the health probes are
 * public; every other endpoint under {@code /actuator} (metrics, Prometheus) answers 401 without the admin token.
 * With a management port of its own, nothing but the probes is served on the main port, and the management port is
 * protected by where it listens ({@code OZG_MANAGEMENT_ADDRESS}, loopback by default).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
@ConditionalOnManagementPort(ManagementPortType.SAME)
class ManagementAccess implements WebFilter {

	/** Public: what a load balancer or Kubernetes asks, answering the status only, never details. */
	private static final Set<String> PUBLIC = Set.of("/actuator/health", "/actuator/health/liveness",
			"/actuator/health/readiness");

	private static final java.util.regex.Pattern SLASHES = java.util.regex.Pattern.compile("/{2,}");

	private final AdminBootstrap admin;

	ManagementAccess(AdminBootstrap admin) {
		this.admin = admin;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		// as the handler mappings might read it: doubled slashes and case do not get around the check
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (path.contains("//")) {
			path = SLASHES.matcher(path).replaceAll("/");
		}
		path = path.toLowerCase(Locale.ROOT);
		if (!path.startsWith("/actuator") || PUBLIC.contains(path)
				|| isAdmin(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))) {
			return chain.filter(exchange);
		}
		var response = exchange.getResponse();
		response.setStatusCode(HttpStatus.UNAUTHORIZED);
		response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		byte[] body = "{\"message\":\"The management endpoints need the admin token (Authorization: Bearer).\"}"
			.getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	private boolean isAdmin(String header) {
		return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
				&& admin.matches(header.substring(7).strip());
	}

}
