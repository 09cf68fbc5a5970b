package de.ozgregistry.graphql;

import java.util.List;

import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.stereotype.Component;

/**
 * A subscription sent as a plain JSON request is answered with one {@code OPERATION_NOT_SUPPORTED} error and no
 * data, naming the transports that stream (WebSocket with graphql-transport-ws, or SSE; Apollo Client's multipart
 * requests go to {@link MultipartTransport}): spring-graphql would otherwise serialize the stream's Java object into
 * {@code data}. The subscription's stream is never subscribed to, so nothing runs.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 10)
class SubscriptionsOverHttp implements WebGraphQlInterceptor {

	static final String MESSAGE = "A subscription needs a streaming transport: subscribe over WebSocket "
			+ "(protocol graphql-transport-ws) or Server-Sent Events (Accept: text/event-stream) at this URL.";

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		if (request instanceof WebSocketGraphQlRequest || request.getAttributes().containsKey(SseTransport.STREAMING)) {
			return chain.next(request);
		}
		return chain.next(request).map(response -> {
			if (!(response.getData() instanceof Publisher<?>)) {
				return response;
			}
			ExecutionResult refused = ExecutionResult.newExecutionResult()
				.addError(GraphqlErrorBuilder.newError()
					.message(MESSAGE)
					.locations(null)
					.errorType(ErrorCode.OPERATION_NOT_SUPPORTED)
					.extensions(java.util.Map.of("code", ErrorCode.OPERATION_NOT_SUPPORTED.name(), "transports",
							List.of("graphql-transport-ws", "text/event-stream")))
					.build())
				.build();
			return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), refused));
		});
	}

}
