package de.ozgregistry.graphql;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Rate limits on {@code /graphql}: per client address and per credential (the bearer token, whether valid or not),
 * each a token bucket refilled evenly over a minute. A request over a limit gets HTTP 429 with {@code Retry-After}
 * and a GraphQL error with code {@code RATE_LIMITED}; so does a request refused by the work budget (through
 * {@link ErrorStatus}). The client
 * address is the connection's peer: a proxy in front must be configured to limit by the original address itself.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RateLimiting implements WebFilter {

	private final LimitProperties limits;

	private final TokenBuckets buckets = new TokenBuckets();

	RateLimiting(LimitProperties limits) {
		this.limits = limits;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!exchange.getRequest().getPath().value().startsWith("/graphql")) {
			return chain.filter(exchange);
		}
		long now = System.nanoTime();
		String address = TokenBuckets.clientAddress(exchange.getRequest().getRemoteAddress());
		long wait = take("a:" + address, limits.requestsPerMinutePerAddress(), now);
		String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (wait == 0 && authorization != null) {
			wait = take("t:" + authorization, limits.requestsPerMinutePerToken(), now);
		}
		if (wait > 0) {
			return tooManyRequests(exchange, wait);
		}
		return chain.filter(exchange);
	}

	private long take(String key, int perMinute, long now) {
		return buckets.take(key, perMinute, 1, now);
	}

	private static Mono<Void> tooManyRequests(ServerWebExchange exchange, long seconds) {
		var response = exchange.getResponse();
		response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
		response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		String body = "{\"errors\":[{\"message\":\"Too many requests: try again in " + seconds + " s.\","
				+ "\"extensions\":{\"code\":\"RATE_LIMITED\",\"retryAfterSeconds\":" + seconds + "}}]}";
		DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(buffer));
	}

}
