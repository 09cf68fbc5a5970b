package de.ozgregistry.caching;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import de.ozgregistry.support.ApiTest;
import de.ozgregistry.support.Npm;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.MediaTypes;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Automatic persisted queries as Apollo's protocol and Apollo Client's persisted-query link have them. */
class PersistedQueriesTest extends ApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private WebTestClient web;

	@LocalServerPort
	private int port;

	private static String query() {
		return "{ n" + UUID.randomUUID().toString().replace("-", "") + ": themenfelder { name } }";
	}

	private static Map<String, Object> persisted(String hash) {
		return Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash));
	}

	private JsonNode post(Map<String, Object> body, MediaType accept, int status) {
		byte[] answer = web.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON).accept(accept)
			.bodyValue(body)
			.exchange()
			.expectStatus().isEqualTo(status)
			.expectBody().returnResult().getResponseBody();
		return JSON.readTree(answer);
	}

	@Test
	void anUnknownHashIsPersistedQueryNotFoundWithHttp200AsApolloExpects() {
		String hash = PersistedQueries.sha256(query());
		for (MediaType accept : List.of(MediaType.APPLICATION_JSON, MediaTypes.APPLICATION_GRAPHQL_RESPONSE)) {
			JsonNode error = post(Map.of("extensions", persisted(hash)), accept, 200).path("errors").get(0);
			assertThat(error.path("message").asString()).isEqualTo("PersistedQueryNotFound");
			assertThat(error.path("extensions").path("code").asString()).isEqualTo("PERSISTED_QUERY_NOT_FOUND");
		}
	}

	@Test
	void aQueryWithItsHashIsRegisteredAndThenRunsByItsHashAlone() {
		String query = query();
		String hash = PersistedQueries.sha256(query);
		JsonNode registered = post(Map.of("query", query, "extensions", persisted(hash)), MediaType.APPLICATION_JSON,
				200);
		assertThat(registered.has("errors")).as(registered.toString()).isFalse();
		JsonNode byHash = post(Map.of("extensions", persisted(hash.toUpperCase())), MediaType.APPLICATION_JSON, 200);
		assertThat(byHash.has("errors")).as(byHash.toString()).isFalse();
		assertThat(byHash.path("data")).isEqualTo(registered.path("data"));
	}

	@Test
	void aHashThatIsNotTheQuerysIsRefusedAndNothingIsRegistered() {
		String query = query();
		String other = PersistedQueries.sha256(query + " ");
		JsonNode refused = post(Map.of("query", query, "extensions", persisted(other)), MediaType.APPLICATION_JSON,
				200);
		JsonNode error = refused.path("errors").get(0);
		assertThat(error.path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
		assertThat(error.path("extensions").path("field").asString())
			.isEqualTo("extensions.persistedQuery.sha256Hash");
		assertThat(error.path("message").asString()).contains("not the SHA-256");
		assertThat(refused.path("data").isNull()).isTrue();
		JsonNode byHash = post(Map.of("extensions", persisted(other)), MediaType.APPLICATION_JSON, 200);
		assertThat(byHash.path("errors").get(0).path("extensions").path("code").asString())
			.isEqualTo("PERSISTED_QUERY_NOT_FOUND");
	}

	@Test
	void anotherVersionOrAMalformedHashIsAValidationError() {
		JsonNode version = post(Map.of("extensions",
				Map.of("persistedQuery", Map.of("version", 2, "sha256Hash", PersistedQueries.sha256("{ a }")))),
				MediaType.APPLICATION_JSON, 200);
		assertThat(version.path("errors").get(0).path("extensions").path("field").asString())
			.isEqualTo("extensions.persistedQuery.version");
		JsonNode malformed = post(Map.of("extensions", persisted("abc")), MediaType.APPLICATION_JSON, 200);
		assertThat(malformed.path("errors").get(0).path("extensions").path("field").asString())
			.isEqualTo("extensions.persistedQuery.sha256Hash");
	}

	@Test
	void aDocumentThatDoesNotValidateIsNotRegistered() {
		String query = "{ noSuchField" + UUID.randomUUID().toString().replace("-", "") + " }";
		String hash = PersistedQueries.sha256(query);
		post(Map.of("query", query, "extensions", persisted(hash)), MediaType.APPLICATION_JSON, 200);
		JsonNode byHash = post(Map.of("extensions", persisted(hash)), MediaType.APPLICATION_JSON, 200);
		assertThat(byHash.path("errors").get(0).path("extensions").path("code").asString())
			.isEqualTo("PERSISTED_QUERY_NOT_FOUND");
	}

	@Test
	void theStoreKeepsAtMostItsSizeDroppingTheLeastRecentlyUsed() {
		PersistedQueries.Store store = new PersistedQueries.Store(2 * 25);
		store.put("a", "x".repeat(10));
		store.put("b", "y".repeat(10));
		store.get("a");
		store.put("c", "z".repeat(10));
		assertThat(store.get("b")).isNull();
		assertThat(store.get("a")).isNotNull();
		assertThat(store.get("c")).isNotNull();
		store.put("d", "w".repeat(26));
		assertThat(store.get("d")).as("larger than the whole store").isNull();
		assertThat(store.entries()).isEqualTo(2);
	}

	private JsonNode apollo(String mode) {
		String nonce = UUID.randomUUID().toString().replace("-", "");
		Npm.Result result = Npm.node(Duration.ofMinutes(2), "apollo-persisted-queries.mjs",
				"http://localhost:" + port + "/graphql", mode, nonce);
		assertThat(result.exitCode()).as(result.output()).isZero();
		return JSON.readTree(result.stdout());
	}

	@Test
	void apolloClientsPersistedQueryLinkRegistersTheQueryOnceThenSendsOnlyItsHash() {
		JsonNode run = apollo("post");
		JsonNode exchanges = run.path("exchanges");
		assertThat(exchanges.size()).as(run.toString()).isEqualTo(3);
		assertThat(exchanges.get(0).path("query").asBoolean()).isFalse();
		assertThat(exchanges.get(0).path("codes").get(0).asString()).isEqualTo("PERSISTED_QUERY_NOT_FOUND");
		assertThat(exchanges.get(1).path("query").asBoolean()).isTrue();
		assertThat(exchanges.get(1).path("codes").isEmpty()).isTrue();
		assertThat(exchanges.get(2).path("query").asBoolean()).as("the second run sends only the hash").isFalse();
		assertThat(exchanges.get(2).path("codes").isEmpty()).as(run.toString()).isTrue();
		assertThat(run.path("runs").get(0).asInt()).isPositive().isEqualTo(run.path("runs").get(1).asInt());
	}

	@Test
	void withHashedQueriesOverGetTheRepeatedQueryIsACacheableGet() {
		JsonNode run = apollo("get");
		JsonNode exchanges = run.path("exchanges");
		assertThat(exchanges.size()).as(run.toString()).isEqualTo(3);
		assertThat(exchanges.get(0).path("method").asString()).isEqualTo("GET");
		assertThat(exchanges.get(0).path("codes").get(0).asString()).isEqualTo("PERSISTED_QUERY_NOT_FOUND");
		assertThat(exchanges.get(0).path("cacheControl").asString()).contains("no-store");
		assertThat(exchanges.get(1).path("method").asString()).isEqualTo("POST");
		JsonNode repeated = exchanges.get(2);
		assertThat(repeated.path("method").asString()).isEqualTo("GET");
		assertThat(repeated.path("query").asBoolean()).isFalse();
		assertThat(repeated.path("status").asInt()).isEqualTo(200);
		assertThat(repeated.path("etag").asString()).startsWith("W/\"");
		assertThat(repeated.path("cacheControl").asString()).contains("public", "max-age=");
	}

}
