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
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Answers during a database outage: GraphQL errors with code {@code UNAVAILABLE} (whose answer {@link ErrorStatus}
 * makes a 503 with {@code Retry-After}), and HTTP 503 with {@code Retry-After} for any other request that failed
 * because the database cannot be reached (instead of a 500 and a logged stack trace).
 */
@Component
@Order(-2)
class UnavailableResponses implements WebExceptionHandler {

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
