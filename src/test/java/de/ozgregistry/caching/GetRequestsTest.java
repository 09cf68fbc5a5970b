package de.ozgregistry.caching;

import java.util.List;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.MediaTypes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/** Queries over GET with HTTP caching: ETag and 304, Cache-Control by who asks, Vary, no mutations. */
class GetRequestsTest extends ApiTest {

	private static final String TOTAL = "{ozgServices(first:1){totalCount}}";

	@Autowired
	private WebTestClient web;

	private static java.net.URI uri(UriBuilder builder, String query) {
		return builder.path("/graphql").queryParam("query", "{query}").build(query);
	}

	private EntityExchangeResult<String> get(String query, String... headers) {
		return web.get().uri(builder -> uri(builder, query)).headers(h -> {
			for (int i = 0; i < headers.length; i += 2) {
				h.add(headers[i], headers[i + 1]);
			}
		}).exchange().expectBody(String.class).returnResult();
	}

	@Test
	void anAnonymousQueryOverGetHasAnETagAndTheSameRequestWithIfNoneMatchIs304() {
		EntityExchangeResult<String> first = get(TOTAL);
		assertThat(first.getStatus().value()).isEqualTo(200);
		assertThat(first.getResponseBody()).contains("\"totalCount\":");
		String etag = first.getResponseHeaders().getETag();
		assertThat(etag).startsWith("W/\"");
		assertThat(first.getResponseHeaders().getCacheControl()).isEqualTo("max-age=10, public");
		assertThat(first.getResponseHeaders().getVary()).contains("Authorization", "Accept", "Accept-Encoding");
		EntityExchangeResult<String> again = get(TOTAL, HttpHeaders.IF_NONE_MATCH, etag);
		assertThat(again.getStatus().value()).isEqualTo(304);
		assertThat(again.getResponseBody()).isNull();
		assertThat(again.getResponseHeaders().getETag()).isEqualTo(etag);
		assertThat(again.getResponseHeaders().getCacheControl()).isEqualTo("max-age=10, public");
		assertThat(get(TOTAL, HttpHeaders.IF_NONE_MATCH, "W/\"other\"").getStatus().value()).isEqualTo(200);
	}

	@Test
	void aChangeGivesTheAnswerANewETag() {
		String count = "{solutions(first:1){totalCount}}";
		String before = get(count).getResponseHeaders().getETag();
		publishSolution(municipality("073150000000"), unique("GET cache"), List.of(10160));
		EntityExchangeResult<String> after = get(count, HttpHeaders.IF_NONE_MATCH, before);
		assertThat(after.getStatus().value()).isEqualTo(200);
		assertThat(after.getResponseHeaders().getETag()).isNotEqualTo(before);
	}

	@Test
	void anAuthenticatedAnswerIsNeverStoredByACache() {
		EntityExchangeResult<String> answer = get(TOTAL, HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN);
		assertThat(answer.getStatus().value()).isEqualTo(200);
		assertThat(answer.getResponseHeaders().getCacheControl()).contains("no-store").doesNotContain("public");
		assertThat(answer.getResponseHeaders().getVary()).contains("Authorization");
	}

	@Test
	void anAnswerWithErrorsIsNotStored() {
		EntityExchangeResult<String> answer = get("{ noSuchField }");
		assertThat(answer.getResponseBody()).contains("VALIDATION_FAILED");
		assertThat(answer.getResponseHeaders().getCacheControl()).isEqualTo("no-store");
		assertThat(answer.getResponseHeaders().getETag()).isNull();
	}

	@Test
	void aMutationOverGetIs405AndDoesNotRun() {
		String name = unique("never over GET");
		String mutation = "mutation { publishSolution(input: {name: \"" + name + "\", summary: \"x\", providerId: \""
				+ municipality("073150000000") + "\", ozgIds: [10160], reuseModel: OPEN_SOURCE, lifecycle: PRODUCTION,"
				+ " legalPaths: [OPEN_LICENCE]}) { solution { id } } }";
		EntityExchangeResult<String> answer = get(mutation, HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN);
		assertThat(answer.getStatus().value()).isEqualTo(405);
		assertThat(answer.getResponseHeaders().getAllow()).containsExactly(org.springframework.http.HttpMethod.POST);
		assertThat(answer.getResponseBody()).contains("VALIDATION_FAILED", "POST");
		assertThat(count("select count(*) from solution where name = '" + name + "'")).isZero();
	}

	@Test
	void theAnswerHasTheMediaTypeTheClientAcceptsAndRequestErrorsTheirStatus() {
		EntityExchangeResult<String> graphQl = get(TOTAL, HttpHeaders.ACCEPT, "application/graphql-response+json");
		assertThat(graphQl.getResponseHeaders().getContentType()).isEqualTo(MediaTypes.APPLICATION_GRAPHQL_RESPONSE);
		assertThat(graphQl.getResponseHeaders().getETag()).as("same bytes, another representation").isNotNull()
			.isNotEqualTo(get(TOTAL).getResponseHeaders().getETag());
		assertThat(get(TOTAL, HttpHeaders.ACCEPT, "*/*").getResponseHeaders().getContentType())
			.isEqualTo(MediaType.APPLICATION_JSON);
		EntityExchangeResult<String> noQuery = web.get().uri("/graphql?operationName=x")
			.accept(MediaTypes.APPLICATION_GRAPHQL_RESPONSE)
			.exchange().expectBody(String.class).returnResult();
		assertThat(noQuery.getStatus().value()).isEqualTo(400);
		assertThat(noQuery.getResponseBody()).contains("VALIDATION_FAILED", "\"field\":\"query\"");
		EntityExchangeResult<String> badVariables = web.get()
			.uri(builder -> builder.path("/graphql").queryParam("query", "{q}").queryParam("variables", "{v}")
				.build(TOTAL, "[1,2]"))
			.accept(MediaType.APPLICATION_JSON)
			.exchange().expectBody(String.class).returnResult();
		assertThat(badVariables.getStatus().value()).isEqualTo(200);
		assertThat(badVariables.getResponseBody()).contains("\"field\":\"variables\"");
	}

	@Test
	void variablesAndOperationNameComeFromTheQueryString() {
		EntityExchangeResult<String> answer = web.get()
			.uri(builder -> builder.path("/graphql")
				.queryParam("query", "{q}")
				.queryParam("variables", "{v}")
				.queryParam("operationName", "Two")
				.build("query One { themenfelder { name } } query Two($id: Int!) { ozgService(ozgId: $id) { ozgId } }",
						"{\"id\":10160}"))
			.exchange().expectBody(String.class).returnResult();
		assertThat(answer.getResponseBody()).isEqualTo("{\"data\":{\"ozgService\":{\"ozgId\":10160}}}");
	}

	@Test
	void aPostAnswerIsStillNotStored() {
		web.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(java.util.Map.of("query", TOTAL))
			.exchange()
			.expectStatus().isOk()
			.expectHeader().value(HttpHeaders.CACHE_CONTROL, value -> assertThat(value).contains("no-store"));
	}

}
