package de.ozgregistry.graphql;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import de.ozgregistry.support.ApiTest;
import de.ozgregistry.support.Npm;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GraphQL endpoint's transports as clients meet them: plain HTTP (request-level errors, subscriptions refused
 * with a code, gzip), Server-Sent Events (queries, the real errors of subscriptions, keep-alive) and WebSocket
 * (connection_init authentication, protocol close codes, keep-alive), with raw HTTP and with the real npm clients
 * (graphql-http's audit, graphql-ws, graphql-sse).
 */
class TransportTest extends ApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SUBSCRIPTION = "{\"query\":\"subscription { solutionPublished { id } }\"}";

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

	@Value("${local.server.port}")
	int port;

	private String url() {
		return "http://localhost:" + port + "/graphql";
	}

	private HttpResponse<byte[]> post(byte[] body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url()))
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse<byte[]> post(String body, String... headers) {
		return post(body.getBytes(StandardCharsets.UTF_8), headers);
	}

	/** The body's only error, asserted to carry this code and no trace of Java, Reactor or graphql-java. */
	private static JsonNode onlyError(HttpResponse<byte[]> response, String code) {
		String body = new String(response.body(), StandardCharsets.UTF_8);
		assertThat(body).doesNotContain("upstreamPublisher", "prefetch", "timestamp", "Exception", "java.",
				"\"locations\":[]", "only subscriptions");
		JsonNode json = JSON.readTree(body);
		assertThat(json.has("data")).as(body).isFalse();
		assertThat(json.path("errors")).as(body).hasSize(1);
		JsonNode error = json.path("errors").get(0);
		assertThat(error.path("extensions").path("code").asString()).as(body).isEqualTo(code);
		assertThat(error.path("message").asString()).as(body).isNotBlank();
		return error;
	}

	@Test
	void aSubscriptionAsPlainJsonIsRefusedWithOperationNotSupported() {
		HttpResponse<byte[]> json = post(SUBSCRIPTION, "Content-Type", "application/json", "Accept",
				"application/json");
		assertThat(json.statusCode()).isEqualTo(200);
		assertThat(onlyError(json, "OPERATION_NOT_SUPPORTED").path("message").asString()).contains("WebSocket",
				"text/event-stream");
		HttpResponse<byte[]> graphQlResponse = post(SUBSCRIPTION, "Content-Type", "application/json", "Accept",
				"application/graphql-response+json");
		assertThat(graphQlResponse.statusCode()).isEqualTo(400);
		onlyError(graphQlResponse, "OPERATION_NOT_SUPPORTED");
	}

	@Test
	void graphQlResponseJsonIsGzippedWhenTheClientAcceptsGzip() {
		HttpResponse<byte[]> response = post(
				"{\"query\":\"{ ozgServices(first: 50) { totalCount edges { node { ozgId name } } } }\"}",
				"Content-Type", "application/json", "Accept", "application/graphql-response+json", "Accept-Encoding",
				"gzip");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/graphql-response+json"));
		assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
	}

	@Test
	void requestLevelErrorsAreGraphQlErrorsWithBadRequest() {
		String json = "application/json";
		assertThat(onlyError(post("{\"query\":", "Content-Type", json), "BAD_REQUEST").path("message").asString())
			.contains("not valid JSON");
		assertThat(post("{\"query\":", "Content-Type", json).statusCode()).isEqualTo(400);
		HttpResponse<byte[]> array = post("[{\"query\":\"{ __typename }\"}]", "Content-Type", json);
		assertThat(array.statusCode()).isEqualTo(400);
		assertThat(onlyError(array, "BAD_REQUEST").path("message").asString()).contains("one JSON object");
		HttpResponse<byte[]> variables = post("{\"query\":\"{ __typename }\",\"variables\":\"{}\"}", "Content-Type",
				json, "Accept", "application/graphql-response+json");
		assertThat(variables.statusCode()).isEqualTo(400);
		assertThat(variables.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/graphql-response+json"));
		assertThat(onlyError(variables, "BAD_REQUEST").path("message").asString()).contains("\"variables\"");
		HttpResponse<byte[]> gzip = post(gzip("{\"query\":\"{ __typename }\"}"), "Content-Type", json,
				"Content-Encoding", "gzip");
		assertThat(gzip.statusCode()).isEqualTo(415);
		assertThat(onlyError(gzip, "BAD_REQUEST").path("message").asString()).contains("Content-Encoding");
		HttpResponse<byte[]> graphQl = post("{ __typename }", "Content-Type", "application/graphql");
		assertThat(graphQl.statusCode()).isEqualTo(415);
		assertThat(onlyError(graphQl, "BAD_REQUEST").path("message").asString()).contains("application/json");
		HttpResponse<byte[]> html = post("{\"query\":\"{ __typename }\"}", "Content-Type", json, "Accept",
				"text/html");
		assertThat(html.statusCode()).isEqualTo(406);
		onlyError(html, "BAD_REQUEST");
	}

	@Test
	void anAnonymousBodyUpToOneMegabyteIsReadAndALargerOneIs413() {
		String padding = "x".repeat(900 * 1024);
		HttpResponse<byte[]> large = post("{\"query\":\"{ __typename }\",\"variables\":{\"pad\":\"" + padding + "\"}}",
				"Content-Type", "application/json");
		assertThat(large.statusCode()).isEqualTo(200);
		assertThat(new String(large.body(), StandardCharsets.UTF_8)).contains("\"__typename\":\"Query\"");
		String more = "x".repeat(1100 * 1024);
		HttpResponse<byte[]> tooLarge = post("{\"query\":\"{ __typename }\",\"variables\":{\"pad\":\"" + more + "\"}}",
				"Content-Type", "application/json");
		assertThat(tooLarge.statusCode()).isEqualTo(413);
		onlyError(tooLarge, "QUERY_TOO_COMPLEX");
		HttpResponse<byte[]> withToken = post(
				"{\"query\":\"{ __typename }\",\"variables\":{\"pad\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}}",
				"Content-Type", "application/json", "Authorization", "Bearer " + ADMIN_TOKEN);
		assertThat(withToken.statusCode()).isEqualTo(200);
	}

	@Test
	void overSseQueriesRunAndSubscriptionsKeepTheirRealErrors() {
		assertThat(sse("{ ozgServices(first: 1) { totalCount } }", null)).anySatisfy(
				line -> assertThat(line).startsWith("data:{\"data\":{\"ozgServices\":{\"totalCount\":"));
		assertSseError("subscription { solutionPublished { noSuchField } }", null, "VALIDATION_FAILED");
		assertSseError("subscription { solutionPublished(filter: { land: \"XX\" }) { id } }", null,
				"VALIDATION_FAILED");
		assertSseError("subscription { solutionPublished { id } }", "bogus-token", "UNAUTHENTICATED");
		// 15 levels, deeper than the limit of 12
		assertSseError("subscription { solutionPublished { provider { " + "parent { ".repeat(12) + "id"
				+ " }".repeat(14) + " }", null, "QUERY_TOO_COMPLEX");
	}

	private void assertSseError(String document, String token, String code) {
		List<String> lines = sse(document, token);
		assertThat(lines).as(String.join("\n", lines))
			.anySatisfy(line -> assertThat(line).startsWith("data:{\"errors\":").contains("\"code\":\"" + code + "\""))
			.noneSatisfy(line -> assertThat(line).contains("only subscriptions"))
			.contains("event:complete");
	}

	@Test
	void anIdleSseStreamGetsKeepAliveComments() {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url()))
			.header("Content-Type", "application/json")
			.header("Accept", "text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString(SUBSCRIPTION))
			.build();
		try (var body = http.send(request, HttpResponse.BodyHandlers.ofInputStream()).body();
				var reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
			// the test's interval is 1 s (ApiTest); nothing else is sent on the idle stream
			CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
				try {
					return reader.readLine();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			assertThat(first.get(15, TimeUnit.SECONDS)).isEqualTo(":keep-alive");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new AssertionError("no keep-alive comment within 15 s on an idle SSE stream", ex);
		}
	}

	/** The lines of an SSE response to a document that completes (a query, or a subscription that fails). */
	private List<String> sse(String document, String token) {
		String body = JSON.writeValueAsString(java.util.Map.of("query", document));
		List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json", "Accept",
				"text/event-stream"));
		if (token != null) {
			headers.addAll(List.of("Authorization", "Bearer " + token));
		}
		HttpResponse<byte[]> response = post(body, headers.toArray(String[]::new));
		assertThat(response.statusCode()).isEqualTo(200);
		return new String(response.body(), StandardCharsets.UTF_8).lines().toList();
	}

	@Test
	void theGraphQlOverHttpAuditHasNoMustOrShouldFailure() {
		Npm.Result audit = Npm.node(Duration.ofMinutes(3), "http-audit.mjs", url());
		System.out.println(audit.stdout());
		assertThat(audit.exitCode()).as(audit.output()).isZero();
		assertThat(audit.stdout()).contains("MUST 13 passed 0 failed", "SHOULD 23 passed 0 failed");
	}

	@Test
	void theGraphQlWsClientAuthenticatesByConnectionInitAndSeesKeepAlive() {
		Npm.Result client = Npm.node(Duration.ofMinutes(2), "ws-client.mjs", "ws://localhost:" + port + "/graphql",
				url(), ADMIN_TOKEN, municipality("073150000000"));
		System.out.println(client.stdout());
		assertThat(client.exitCode()).as(client.output()).isZero();
		assertThat(client.stdout()).contains("closed with 4403", "closed with 4400", "server ping",
				"subscription heard");
	}

	@Test
	void theGraphQlSseClientRunsQueriesAndSubscriptionsAndSeesKeepAlive() {
		Npm.Result client = Npm.node(Duration.ofMinutes(2), "sse-client.mjs", url(), ADMIN_TOKEN,
				municipality("073150000000"));
		System.out.println(client.stdout());
		assertThat(client.exitCode()).as(client.output()).isZero();
		assertThat(client.stdout()).contains("query over SSE", "UNAUTHENTICATED", "comment(s)",
				"subscription heard");
	}

	@Test
	void apolloClientSubscribesOverHttpMultipart() {
		Npm.Result client = Npm.node(Duration.ofMinutes(2), "apollo-multipart-subscription.mjs", url(), ADMIN_TOKEN,
				municipality("073150000000"));
		System.out.println(client.stdout());
		assertThat(client.exitCode()).as(client.output()).isZero();
		assertThat(client.stdout()).contains("subscription heard", "heartbeat(s)", "invalid subscription: VALIDATION_FAILED");
	}

	@Test
	void aMultipartSubscriptionStreamsPartsAndAQueryIsOnePart() {
		HttpResponse<byte[]> query = post("{\"query\":\"{ __typename }\"}", "Content-Type", "application/json",
				"Accept", "multipart/mixed;subscriptionSpec=\"1.0\", application/json");
		assertThat(query.statusCode()).isEqualTo(200);
		assertThat(query.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
			.startsWith("multipart/mixed").contains("boundary=\"graphql\"", "subscriptionSpec=\"1.0\""));
		assertThat(new String(query.body(), StandardCharsets.UTF_8)).isEqualTo("\r\n--graphql\r\nContent-Type: "
				+ "application/json; charset=utf-8\r\n\r\n{\"payload\":{\"data\":{\"__typename\":\"Query\"}}}\r\n--graphql--\r\n");
		// Apollo Client's Accept for queries (incremental delivery), without subscriptionSpec: plain JSON as before
		HttpResponse<byte[]> deferred = post("{\"query\":\"{ __typename }\"}", "Content-Type", "application/json",
				"Accept", "multipart/mixed;deferSpec=20220824, application/json");
		assertThat(deferred.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
			.startsWith("application/json"));
	}

	private static byte[] gzip(String text) {
		var bytes = new ByteArrayOutputStream();
		try (var gzip = new GZIPOutputStream(bytes)) {
			gzip.write(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

}
