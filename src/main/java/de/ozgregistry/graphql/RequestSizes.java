package de.ozgregistry.graphql;

import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The largest request body: {@code OZG_MAX_REQUEST_SIZE} (1 MB) without a token, {@code OZG_MAX_IMPORT_SIZE} (32 MB)
 * with one, which an import's file needs (base64 makes it a third larger). The codec buffers up to the larger
 * ({@code spring.http.codecs.max-in-memory-size}); this filter refuses an anonymous body at the smaller as it arrives
 * (by its {@code Content-Length} before it is read, and by counting a body sent in chunks), with the 413 of
 * {@link OversizedRequests}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestSizes implements WebFilter {

	private final LimitProperties limits;

	RequestSizes(LimitProperties limits) {
		this.limits = limits;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		long limit = (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7))
				? limits.maxImportSize().toBytes() : limits.maxRequestSize().toBytes();
		long length = request.getHeaders().getContentLength();
		if (length > limit) {
			return Mono.error(tooLarge(limit));
		}
		if (length >= 0) {
			return chain.filter(exchange);
		}
		ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
			@Override
			public Flux<DataBuffer> getBody() {
				AtomicLong read = new AtomicLong();
				return super.getBody().doOnNext(buffer -> {
					if (read.addAndGet(buffer.readableByteCount()) > limit) {
						throw tooLarge(limit);
					}
				});
			}
		};
		return chain.filter(exchange.mutate().request(counted).build());
	}

	private static DataBufferLimitException tooLarge(long limit) {
		return new DataBufferLimitException("Request body larger than " + limit + " bytes");
	}

}
