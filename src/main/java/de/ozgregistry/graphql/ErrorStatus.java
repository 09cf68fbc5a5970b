package de.ozgregistry.graphql;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The HTTP status of a GraphQL answer whose errors say "try again later": {@code RATE_LIMITED} (the work budget) is
 * 429, {@code UNAVAILABLE} (a database outage) 503, each with {@code Retry-After} from the error's
 * {@code extensions.retryAfterSeconds}; every other answer keeps spring-graphql's status. The one place that maps
 * error codes to a status: spring-graphql lets an interceptor set headers but not the status, so the interceptor
 * leaves its decision in a holder that this filter put into the exchange and applies before the response commits.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 15)
class ErrorStatus implements WebGraphQlInterceptor, WebFilter {

	private static final String KEY = ErrorStatus.class.getName();

	/** The status of the codes that have one; the first such error of an answer decides. */
	private static final Map<String, HttpStatus> STATUS = Map.of(ErrorCode.RATE_LIMITED.name(),
			HttpStatus.TOO_MANY_REQUESTS, ErrorCode.UNAVAILABLE.name(), HttpStatus.SERVICE_UNAVAILABLE);

	/** A status decided for an answer, with its {@code Retry-After} seconds (or {@code null}). */
	record Decision(HttpStatus status, Object retryAfterSeconds) {
	}

	/** Which status, if any, an answer with these errors gets. */
	static Decision decide(Iterable<ResponseError> errors) {
		for (ResponseError error : errors) {
			HttpStatus status = STATUS.get(String.valueOf(error.getExtensions().get("code")));
			if (status != null) {
				return new Decision(status, error.getExtensions().get("retryAfterSeconds"));
			}
		}
		return null;
	}

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		return chain.next(request).doOnNext(response -> {
			Decision decision = decide(response.getErrors());
			if (decision == null) {
				return;
			}
			if (decision.retryAfterSeconds() != null) {
				response.getResponseHeaders().set(HttpHeaders.RETRY_AFTER, decision.retryAfterSeconds().toString());
			}
			if (request.getAttributes().get(KEY) instanceof AtomicReference<?> holder) {
				@SuppressWarnings("unchecked")
				AtomicReference<Decision> decided = (AtomicReference<Decision>) holder;
				decided.set(decision);
			}
		});
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!exchange.getRequest().getPath().value().startsWith("/graphql")) {
			return chain.filter(exchange);
		}
		AtomicReference<Decision> decided = new AtomicReference<>();
		exchange.getAttributes().put(KEY, decided);
		var response = exchange.getResponse();
		response.beforeCommit(() -> {
			Decision decision = decided.get();
			// only a GraphQL answer (200) is changed: a refusal of a filter has its status already
			if (decision != null && HttpStatus.OK.equals(response.getStatusCode())) {
				response.setStatusCode(decision.status());
			}
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

}
