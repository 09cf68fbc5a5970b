package de.ozgregistry.graphql;

import org.springframework.boot.graphql.autoconfigure.GraphQlProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webflux.GraphQlSseHandler;
import org.springframework.graphql.server.webflux.GraphQlWebSocketHandler;
import org.springframework.http.codec.ServerCodecConfigurer;

/**
 * The streaming transports of the GraphQL endpoint in place of Spring Boot's: SSE ({@link SseTransport}) and
 * WebSocket ({@link WebSocketTransport}), with Boot's settings ({@code spring.graphql.http.sse.keep-alive},
 * {@code spring.graphql.websocket.keep-alive} and {@code connection-init-timeout}).
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication(
		type = org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type.REACTIVE)
class Transports {

	@Bean
	GraphQlSseHandler graphQlSseHandler(WebGraphQlHandler handler, SubscriptionErrors errors,
			GraphQlProperties properties) {
		return new SseTransport(handler, errors, properties.getHttp().getSse().getKeepAlive());
	}

	@Bean
	GraphQlWebSocketHandler graphQlWebSocketHandler(WebGraphQlHandler handler, ServerCodecConfigurer codecs,
			GraphQlProperties properties) {
		return new WebSocketTransport(handler, codecs, properties.getWebsocket().getConnectionInitTimeout(),
				properties.getWebsocket().getKeepAlive());
	}

}
