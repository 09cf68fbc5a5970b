package de.ozgregistry.graphql;

import java.nio.charset.StandardCharsets;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Caps the serialized size of a GraphQL response on {@code /graphql} at {@code maxResponseBytes}
 * ({@code OZG_MAX_RESPONSE_BYTES}): a larger JSON answer is replaced by a {@code QUERY_TOO_COMPLEX} error. The last
 * line behind the cost and row limits, which stop large responses before they are built; streams (Server-Sent
 * Events) are not touched.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class OversizedResponses implements WebFilter {

	private final long maxBytes;

	OversizedResponses(LimitProperties limits) {
		this.maxBytes = limits.maxResponseBytes().toBytes();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!exchange.getRequest().getPath().value().startsWith("/graphql")) {
			return chain.filter(exchange);
		}
		var capped = new ServerHttpResponseDecorator(exchange.getResponse()) {
			@Override
			public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
				if (!isJson(getHeaders().getContentType())) {
					return super.writeWith(body);
				}
				return DataBufferUtils.join(Flux.from(body), (int) Math.min(maxBytes, Integer.MAX_VALUE - 1))
					.flatMap(joined -> super.writeWith(Mono.just(joined)))
					.onErrorResume(DataBufferLimitException.class, ex -> super.writeWith(Mono.just(refusal())));
			}

			private DataBuffer refusal() {
				byte[] text = ("{\"errors\":[{\"message\":\"The response is larger than " + maxBytes
						+ " bytes and was not sent. Ask for smaller pages (first), a smaller region (within) or"
						+ " fewer fields.\",\"extensions\":{\"code\":\"QUERY_TOO_COMPLEX\"}}]}")
					.getBytes(StandardCharsets.UTF_8);
				getHeaders().setContentLength(text.length);
				return bufferFactory().wrap(text);
			}
		};
		return chain.filter(exchange.mutate().response(capped).build());
	}

	private static boolean isJson(MediaType type) {
		return type != null && (type.isCompatibleWith(MediaType.APPLICATION_JSON)
				|| type.isCompatibleWith(MediaType.APPLICATION_GRAPHQL_RESPONSE));
	}

}
