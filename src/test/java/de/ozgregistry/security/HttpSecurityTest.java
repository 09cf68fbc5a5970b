package de.ozgregistry.security;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class HttpSecurityTest extends ApiTest {

	@Value("${local.server.port}")
	int port;

	@Test
	void responsesCarrySecurityHeadersForABrowserFrontEnd() {
		WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.build()
			.post()
			.uri("/graphql")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"query\":\"{ themenfelder { name } }\"}")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader().valueEquals("X-Frame-Options", "DENY")
			.expectHeader().valueMatches("Content-Security-Policy", ".*default-src 'self'.*frame-ancestors 'none'.*")
			.expectHeader().valueEquals("Referrer-Policy", "strict-origin-when-cross-origin");
	}

	@Test
	void graphiqlLoadsNothingFromOutsideTheRegistry() {
		WebTestClient client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
		client.get().uri("/graphiql").exchange()
			.expectStatus().isOk()
			.expectHeader().valueMatches("Content-Security-Policy", "(?!.*https?:).*script-src 'self';.*")
			.expectBody(String.class).value(page -> org.assertj.core.api.Assertions.assertThat(page)
				.contains("/graphiql/graphiql.min.js").doesNotContain("https://", "http://"));
		client.get().uri("/graphiql/graphiql.min.js").exchange().expectStatus().isOk();
	}

	@Test
	void otherOriginsAreNotAllowedByDefault() {
		WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.build()
			.options()
			.uri("/graphql")
			.header("Origin", "https://evil.example")
			.header("Access-Control-Request-Method", "POST")
			.exchange()
			.expectHeader().doesNotExist("Access-Control-Allow-Origin");
	}

}
