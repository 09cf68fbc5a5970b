package de.ozgregistry.graphql;

import org.springframework.boot.graphql.autoconfigure.GraphQlProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webflux.GraphQlSseHandler;
import org.springframework.graphql.server.webflux.GraphQlWebSocketHandler;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The streaming transports of the GraphQL endpoint in place of Spring Boot's: SSE ({@link SseTransport}), HTTP
 * multipart ({@link MultipartTransport}) and WebSocket ({@link WebSocketTransport}), with Boot's settings ({@code spring.graphql.http.sse.keep-alive},
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

	/**
	 * Subscriptions over HTTP multipart (Apollo Client's {@code HttpLink}): POSTs to the GraphQL path whose
	 * {@code Accept} asks for them, ahead of Spring Boot's GraphQL routes; heartbeats at the SSE keep-alive interval.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	RouterFunction<ServerResponse> multipartSubscriptions(
			WebGraphQlHandler handler, SubscriptionErrors errors, GraphQlProperties properties) {
		MultipartTransport transport = new MultipartTransport(handler, errors,
				properties.getHttp().getSse().getKeepAlive());
		return RouterFunctions.route(
				RequestPredicates.POST(properties.getHttp().getPath())
					.and(MultipartTransport::asks),
				transport::handleRequest);
	}

	@Bean
	GraphQlWebSocketHandler graphQlWebSocketHandler(WebGraphQlHandler handler, ServerCodecConfigurer codecs,
			GraphQlProperties properties) {
		return new WebSocketTransport(handler, codecs, properties.getWebsocket().getConnectionInitTimeout(),
				properties.getWebsocket().getKeepAlive());
	}

}
