package de.ozgregistry.graphql;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/** The cap on the serialized size of a response. */
class OversizedResponsesTest {

	private final OversizedResponses filter = new OversizedResponses(new LimitProperties(12, 50_000, 20_000, 10,
			Duration.ofSeconds(10), 600, 1200, 25_000, DataSize.ofKilobytes(1), 10, 1_000_000, 2_000_000,
			Duration.ofMinutes(10), DataSize.ofMegabytes(1), DataSize.ofMegabytes(32), 20));

	@Test
	void aJsonResponseOverTheCapIsReplacedByAnError() {
		String body = respond(MediaType.APPLICATION_JSON, 2000);
		assertThat(body).contains("\"code\":\"QUERY_TOO_COMPLEX\"").contains("larger than 1024 bytes")
			.doesNotContain("xxxx");
	}

	@Test
	void aGraphQlResponseOverTheCapIsReplacedToo() {
		assertThat(respond(MediaType.APPLICATION_GRAPHQL_RESPONSE, 2000)).contains("QUERY_TOO_COMPLEX");
	}

	@Test
	void aResponseWithinTheCapIsSentAsItIs() {
		assertThat(respond(MediaType.APPLICATION_JSON, 1000)).isEqualTo("{\"data\":\"" + "x".repeat(1000) + "\"}");
	}

	@Test
	void streamsAreNotTouched() {
		assertThat(respond(MediaType.TEXT_EVENT_STREAM, 5000)).doesNotContain("QUERY_TOO_COMPLEX");
	}

	private String respond(MediaType type, int size) {
		String json = "{\"data\":\"" + "x".repeat(size) + "\"}";
		WebFilterChain chain = exchange -> {
			var response = exchange.getResponse();
			response.getHeaders().setContentType(type);
			response.getHeaders().setContentLength(json.length());
			return response.writeWith(Mono.just(response.bufferFactory().wrap(json.getBytes(StandardCharsets.UTF_8))));
		};
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/graphql"));
		filter.filter(exchange, chain).block();
		String body = exchange.getResponse().getBodyAsString().block();
		assertThat(exchange.getResponse().getHeaders().getContentLength()).isEqualTo(body.length());
		return body;
	}

}
