package de.ozgregistry.graphql;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import reactor.core.publisher.Mono;

import de.ozgregistry.database.DatabaseOutages;

import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Answers during a database outage: GraphQL errors with code {@code UNAVAILABLE}, and HTTP 503 with
 * {@code Retry-After} for a GraphQL response that carries one and for any other request that failed because the
 * database cannot be reached (instead of a 500 and a logged stack trace).
 */
@Component
@Order(-2)
class UnavailableResponses implements WebGraphQlInterceptor, WebFilter, WebExceptionHandler {

	private final DatabaseOutages outages;

	UnavailableResponses(DatabaseOutages outages) {
		this.outages = outages;
	}

	/** The GraphQL error for a data fetcher that failed because the database cannot be reached. */
	static GraphQLError error(DataFetchingEnvironment env) {
		return error(GraphqlErrorBuilder.newError(env));
	}

	/** The same for an error without a field (a subscription that failed while running). */
	static GraphQLError error(GraphqlErrorBuilder<?> builder) {
		return builder
			.errorType(ErrorCode.UNAVAILABLE)
			.message(DatabaseOutages.MESSAGE)
			.extensions(Map.of("code", ErrorCode.UNAVAILABLE.name(), "retryAfterSeconds",
					DatabaseOutages.RETRY_AFTER_SECONDS))
			.build();
	}

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		return chain.next(request).doOnNext(response -> {
			boolean unavailable = response.getErrors()
				.stream()
				.anyMatch(e -> ErrorCode.UNAVAILABLE.name().equals(e.getExtensions().get("code")));
			if (unavailable) {
				// spring-graphql lets an interceptor set headers, not the status: the filter below turns the
				// Retry-After of a GraphQL answer into a 503
				response.getResponseHeaders()
					.set(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseOutages.RETRY_AFTER_SECONDS));
			}
		});
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!exchange.getRequest().getPath().value().startsWith("/graphql")) {
			return chain.filter(exchange);
		}
		var response = exchange.getResponse();
		response.beforeCommit(() -> {
			// only a GraphQL answer (200) carries the interceptor's Retry-After; a rate-limited one is a 429 already
			if (HttpStatus.OK.equals(response.getStatusCode())
					&& response.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)) {
				response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
			}
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
		if (!DatabaseOutages.isOutage(failure) || exchange.getResponse().isCommitted()) {
			return Mono.error(failure);
		}
		outages.report(failure);
		var response = exchange.getResponse();
		response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		response.getHeaders().set(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseOutages.RETRY_AFTER_SECONDS));
		String body;
		if (exchange.getRequest().getPath().value().startsWith("/graphql")) {
			response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
			body = "{\"errors\":[{\"message\":\"" + DatabaseOutages.MESSAGE + "\",\"extensions\":{\"code\":\""
					+ ErrorCode.UNAVAILABLE.name() + "\",\"retryAfterSeconds\":" + DatabaseOutages.RETRY_AFTER_SECONDS
					+ "}}]}";
		}
		else {
			response.getHeaders().setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
			body = DatabaseOutages.MESSAGE + "\n";
		}
		DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(buffer));
	}

}
