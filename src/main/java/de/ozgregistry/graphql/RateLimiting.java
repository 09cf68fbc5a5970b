package de.ozgregistry.graphql;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * and a GraphQL error with code {@code RATE_LIMITED}. The client address is the connection's peer: a proxy in front
 * must be configured to limit by the original address itself.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RateLimiting implements WebFilter {

	/** Buckets are dropped once this many exist and they are full again, so memory stays bounded. */
	private static final int CLEANUP_THRESHOLD = 10_000;

	private final LimitProperties limits;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	RateLimiting(LimitProperties limits) {
		this.limits = limits;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!exchange.getRequest().getPath().value().startsWith("/graphql")) {
			return chain.filter(exchange);
		}
		long now = System.nanoTime();
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		String address = (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress()
				: "unknown";
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

	/** Takes one request from the bucket; returns 0 if allowed, else the seconds until one is available. */
	private long take(String key, int perMinute, long now) {
		if (buckets.size() > CLEANUP_THRESHOLD) {
			buckets.values().removeIf(bucket -> bucket.isFull(now));
		}
		return buckets.computeIfAbsent(key, k -> new Bucket(perMinute, now)).take(now);
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

	/** A token bucket holding up to a minute's requests, refilled continuously. */
	private static final class Bucket {

		private final double capacity;

		private final double perNano;

		private double tokens;

		private long updated;

		Bucket(int perMinute, long now) {
			this.capacity = Math.max(perMinute, 1);
			this.perNano = capacity / 60e9;
			this.tokens = capacity;
			this.updated = now;
		}

		synchronized long take(long now) {
			refill(now);
			if (tokens >= 1) {
				tokens -= 1;
				return 0;
			}
			return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
		}

		synchronized boolean isFull(long now) {
			refill(now);
			return tokens >= capacity;
		}

		private void refill(long now) {
			tokens = Math.min(capacity, tokens + (now - updated) * perNano);
			updated = now;
		}

	}

}
