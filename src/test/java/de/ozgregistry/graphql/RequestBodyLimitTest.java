package de.ozgregistry.graphql;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The request body limit is the documented 1 MB ({@code OZG_MAX_REQUEST_SIZE}), not the codec default of 256 KB. */
class RequestBodyLimitTest extends ApiTest {

	@Value("${local.server.port}")
	int port;

	@Test
	void aBodyOfHalfAMegabyteIsReadAndAnswered() {
		post(body(512 * 1024)).expectStatus().isOk().expectBody().jsonPath("$.data.themenfelder").isArray();
	}

	@Test
	void aBodyOverOneMegabyteIsRefusedWith413AndACode() {
		post(body(1100 * 1024)).expectStatus().isEqualTo(413)
			.expectBody().jsonPath("$.errors[0].extensions.code").isEqualTo("QUERY_TOO_COMPLEX");
	}

	/** A small query with a variable that pads the body to about {@code bytes}. */
	private static String body(int bytes) {
		return "{\"query\":\"{ themenfelder { name } }\",\"variables\":{\"padding\":\"" + "x".repeat(bytes) + "\"}}";
	}

	private WebTestClient.ResponseSpec post(String body) {
		return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build().post().uri("/graphql")
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

}
