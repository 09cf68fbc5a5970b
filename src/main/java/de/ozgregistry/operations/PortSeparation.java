package de.ozgregistry.operations;

import java.net.InetSocketAddress;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * With a management port of its own ({@code OZG_MANAGEMENT_PORT}): the main port still answers the probes under
 * their usual paths, {@code /actuator/health/liveness} and {@code /actuator/health/readiness}, as Boot's
 * {@code /livez} and {@code /readyz} there (a load balancer checks the port it sends traffic to); and the management
 * port serves nothing but {@code /actuator}, although WebFlux's management context would also find the main
 * context's routes (the GraphQL API, the web front end).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
class PortSeparation implements WebFilter, ApplicationListener<WebServerInitializedEvent> {

	private static final Map<String, String> PROBES = Map.of("/actuator/health/liveness", "/livez",
			"/actuator/health/readiness", "/readyz");

	/** The management server's port once it listens: the filters of this context also run there. */
	private volatile int managementPort = -1;

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (WebServerNamespace.MANAGEMENT.equals(WebServerNamespace.from(event.getApplicationContext()))) {
			managementPort = event.getWebServer().getPort();
		}
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		InetSocketAddress local = exchange.getRequest().getLocalAddress();
		if (local != null && local.getPort() == managementPort) {
			if (path.equals("/actuator") || path.startsWith("/actuator/")) {
				return chain.filter(exchange);
			}
			exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
			return exchange.getResponse().setComplete();
		}
		String probe = PROBES.get(path);
		if (probe == null) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate().request(request -> request.path(probe)).build());
	}

}
