package de.ozgregistry.graphql;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitingTest {

	private final RateLimiting filter = new RateLimiting(
			new LimitProperties(12, 50000, 20000, 10, Duration.ofSeconds(10), 3, 2, 25000, DataSize.ofMegabytes(5), 10,
					1000, 1000,
			Duration.ofMinutes(10), DataSize.ofMegabytes(1), DataSize.ofMegabytes(32), 20));

	private final WebFilterChain passes = exchange -> {
		exchange.getResponse().setStatusCode(HttpStatus.OK);
		return Mono.empty();
	};

	@Test
	void anAddressOverItsLimitGets429WithRetryAfterAndARateLimitedError() {
		for (int i = 0; i < 3; i++) {
			assertThat(call("10.0.0.1", null).getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
		}
		MockServerWebExchange refused = call("10.0.0.1", null);
		assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(Long.parseLong(refused.getResponse().getHeaders().getFirst("Retry-After"))).isBetween(1L, 60L);
		assertThat(refused.getResponse().getBodyAsString().block()).contains("\"code\":\"RATE_LIMITED\"");
		assertThat(call("10.0.0.2", null).getResponse().getStatusCode()).as("another address").isEqualTo(HttpStatus.OK);
	}

	@Test
	void aTokenOverItsLimitIsRefusedFromAnyAddress() {
		assertThat(call("10.1.0.1", "Bearer ozg_a").getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(call("10.1.0.2", "Bearer ozg_a").getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(call("10.1.0.3", "Bearer ozg_a").getResponse().getStatusCode())
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(call("10.1.0.3", "Bearer ozg_b").getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void otherPathsAreNotLimited() {
		for (int i = 0; i < 10; i++) {
			MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/graphiql")
				.remoteAddress(new InetSocketAddress("10.2.0.1", 4000)));
			filter.filter(exchange, passes).block();
			assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
		}
	}

	private MockServerWebExchange call(String address, String authorization) {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.post("/graphql")
			.remoteAddress(new InetSocketAddress(address, 4000));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		MockServerWebExchange exchange = MockServerWebExchange.from(request);
		filter.filter(exchange, passes).block();
		return exchange;
	}

}
