package de.ozgregistry.database;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client of a registry started by a test (in a child process or a context of its own): posts GraphQL
 * documents as the admin and keeps the HTTP status and {@code Retry-After}, which the GraphQL testers hide.
 */
final class RegistryClient {

	static final String ADMIN_TOKEN = "crash-test-admin-token-0123456789abcdefghijklmnopqrstuvwxyz";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

	private final URI endpoint;

	RegistryClient(int port) {
		this.endpoint = URI.create("http://localhost:" + port + "/graphql");
	}

	/** The answer to one request: HTTP status, {@code Retry-After} (or {@code null}) and the JSON body. */
	record Answer(int status, String retryAfter, JsonNode body) {

		/** The code of the first error, or {@code null} if the answer has none. */
		String errorCode() {
			JsonNode errors = body.get("errors");
			return (errors == null || errors.isEmpty()) ? null : errors.get(0).path("extensions").path("code").asString();
		}

		String errorMessage() {
			return body.get("errors").get(0).path("message").asString();
		}

	}

	Answer post(String document, Map<String, Object> variables) throws IOException, InterruptedException {
		return post(ADMIN_TOKEN, document, variables);
	}

	Answer post(String token, String document, Map<String, Object> variables)
			throws IOException, InterruptedException {
		String payload = JSON.writeValueAsString(Map.of("query", document, "variables", variables));
		HttpRequest request = HttpRequest.newBuilder(endpoint)
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.ofString(payload))
			.build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		return new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
				JSON.readTree(response.body()));
	}

	/** A GET of another path of the registry (e.g. a CSV export). */
	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(endpoint.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/** Whether the registry answers a trivial query. */
	boolean answers() {
		try {
			return post("{ __typename }", Map.of()).status() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Registers a vendor (a write that needs no seed data) and returns the answer. */
	Answer registerVendor(String name) throws IOException, InterruptedException {
		return post("""
				mutation($input: RegisterOrganizationInput!) {
				  registerOrganization(input: $input) { organization { id name } } }""",
				Map.of("input", Map.of("kind", "VENDOR", "name", name)));
	}

	/** The name of the organization with this ID, or {@code null} if there is none. */
	String organizationName(String id) throws IOException, InterruptedException {
		JsonNode organization = post("query($id: ID) { organization(id: $id) { name } }", Map.of("id", id)).body()
			.path("data")
			.path("organization");
		return organization.isObject() ? organization.get("name").asString() : null;
	}

}
