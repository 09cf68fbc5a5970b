package de.ozgregistry.graphql;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * A request body larger than {@code spring.http.codecs.max-in-memory-size} ({@code OZG_MAX_REQUEST_SIZE}) is answered with
 * HTTP 413 and a GraphQL error with code {@code QUERY_TOO_COMPLEX}, instead of a server error.
 */
@Component
@Order(-2)
class OversizedRequests implements WebExceptionHandler {

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		Throwable cause = ex;
		while (cause != null && !(cause instanceof DataBufferLimitException)) {
			cause = cause.getCause();
		}
		if (cause == null || exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		var response = exchange.getResponse();
		response.setStatusCode(HttpStatus.PAYLOAD_TOO_LARGE);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		byte[] body = ("{\"errors\":[{\"message\":\"The request body is too large.\","
				+ "\"extensions\":{\"code\":\"QUERY_TOO_COMPLEX\"}}]}").getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

}
