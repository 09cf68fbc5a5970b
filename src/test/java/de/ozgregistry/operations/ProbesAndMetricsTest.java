package de.ozgregistry.operations;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import de.ozgregistry.changes.ChangeNotifications;
import de.ozgregistry.support.ApiTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health probes and metrics with the management endpoints on the main port (the default): the probes answer
 * anyone with the status only, everything else under {@code /actuator} needs the admin token.
 */
class ProbesAndMetricsTest extends ApiTest {

	/** HTTP/1.1 as a load balancer's probe speaks it (the default would offer an upgrade to h2c first). */
	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Autowired
	ChangeNotifications notifications;

	@Test
	void probesAnswerAnonymouslyWithTheStatusOnly() throws Exception {
		for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness", "/livez",
				"/readyz")) {
			HttpResponse<String> response = get(probe, null);
			assertThat(response.statusCode()).as(probe).isEqualTo(200);
			assertThat(response.body()).as(probe).isEqualTo("{\"status\":\"UP\"}");
		}
	}

	@Test
	void readinessIsDownWhileTheListenConnectionIsDownAndLivenessStaysUp() throws Exception {
		long reconnects = notifications.reconnects();
		db.sql("select pg_terminate_backend(pid) from pg_stat_activity where query ilike 'LISTEN ozg_changes%'")
			.fetch().all().blockLast();
		List<Integer> readiness = new ArrayList<>();
		List<Integer> liveness = new ArrayList<>();
		long deadline = System.nanoTime() + 15_000_000_000L;
		// until it has been seen down and then up again (the reconnect follows within a few hundred ms)
		while (System.nanoTime() < deadline && !(readiness.contains(503) && readiness.get(readiness.size() - 1) == 200
				&& notifications.reconnects() > reconnects)) {
			HttpResponse<String> ready = get("/actuator/health/readiness", null);
			readiness.add(ready.statusCode());
			if (ready.statusCode() == 503) {
				assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\"}");
				liveness.add(get("/actuator/health/liveness", null).statusCode());
			}
		}
		assertThat(readiness).as("readiness after the LISTEN backend was terminated").contains(503);
		assertThat(readiness.get(readiness.size() - 1)).as("readiness once reconnected").isEqualTo(200);
		assertThat(liveness).as("liveness while not ready").isNotEmpty().containsOnly(200);
	}

	@Test
	void managementEndpointsOtherThanTheProbesNeedTheAdminToken() throws Exception {
		for (String path : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/env", "/actuator",
				"/actuator/health/readiness/../../prometheus", "//actuator/prometheus", "/ACTUATOR/prometheus")) {
			HttpResponse<String> response = get(path, null);
			assertThat(response.statusCode()).as(path).isIn(401, 404);
			assertThat(response.body()).as(path).doesNotContain("jvm_", "graphql_request");
		}
		assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
		assertThat(get("/actuator/prometheus", "not-the-admin-token-0123456789abcdefghijklmn").statusCode())
			.isEqualTo(401);
		// not exposed at all, not even to the admin
		assertThat(get("/actuator/env", ADMIN_TOKEN).statusCode()).isEqualTo(404);
		assertThat(get("/actuator/heapdump", ADMIN_TOKEN).statusCode()).isEqualTo(404);
	}

	@Test
	void prometheusShowsLatencyPerOperationAndErrorsPerCode() throws Exception {
		executeAs(null, "query OperationsLatencyProbe { ozgServices(first: 1) { totalCount } }", Map.of())
			.path("ozgServices.totalCount").entity(Integer.class).satisfies(count -> assertThat(count).isPositive());
		double notFoundBefore = value(scrape(), "ozg_graphql_errors_total", "code=\"VALIDATION_FAILED\"");
		executeAs(null, "query OperationsBroken { noSuchField }", Map.of()).errors().expect(error -> true);
		double tooLongBefore = value(scrape(), "ozg_graphql_errors_total", "code=\"QUERY_TOO_COMPLEX\"");
		// refused by the document-length limit, an interceptor of its own before execution
		executeAs(null, "{ ozgServices(first: 1) { totalCount } }" + " ".repeat(25_000), Map.of())
			.errors().expect(error -> true);

		String metrics = scrape();
		assertThat(value(metrics, "graphql_request_seconds_count", "graphql_operation_name=\"OperationsLatencyProbe\""))
			.isGreaterThanOrEqualTo(1);
		assertThat(value(metrics, "ozg_graphql_errors_total", "code=\"VALIDATION_FAILED\""))
			.isGreaterThanOrEqualTo(notFoundBefore + 1);
		assertThat(value(metrics, "ozg_graphql_errors_total", "code=\"QUERY_TOO_COMPLEX\""))
			.isGreaterThanOrEqualTo(tooLongBefore + 1);
	}

	@Test
	void prometheusShowsThePoolTheResponseCacheAndTheChangeNotifications() throws Exception {
		String document = "query OperationsCached { ozgServices(first: 2) { totalCount } }";
		executeAs(null, document, Map.of()).path("ozgServices.totalCount").hasValue();
		double hits = value(scrape(), "ozg_response_cache_requests_total", "result=\"hit\"");
		executeAs(null, document, Map.of()).path("ozgServices.totalCount").hasValue();
		String metrics = scrape();
		assertThat(value(metrics, "ozg_response_cache_requests_total", "result=\"hit\"")).isGreaterThan(hits);
		assertThat(value(metrics, "ozg_response_cache_requests_total", "result=\"miss\"")).isPositive();
		assertThat(value(metrics, "ozg_cache_invalidations_total", "")).isPositive();
		assertThat(value(metrics, "ozg_change_notifications_listening", "")).isEqualTo(1);
		assertThat(metrics).contains("ozg_change_notifications_reconnects_total", "r2dbc_pool_acquired_connections",
				"r2dbc_pool_max_allocated_connections", "http_server_requests_seconds_count");
	}

	private String scrape() throws IOException, InterruptedException {
		HttpResponse<String> response = get("/actuator/prometheus", ADMIN_TOKEN);
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	/** The sum of the samples of this metric whose labels contain {@code label} (0 when there is none). */
	static double value(String metrics, String name, String label) {
		Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)").matcher(metrics);
		double sum = 0;
		while (sample.find()) {
			if (label.isEmpty() || (sample.group(1) != null && sample.group(1).contains(label))) {
				sum += Double.parseDouble(sample.group(2));
			}
		}
		return sum;
	}

	private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofSeconds(30));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (java.net.http.HttpTimeoutException ex) {
			// a request that hangs is a finding of its own: what the server's threads were doing tells why
			throw new AssertionError("GET " + path + " got no answer in 30 s; the server's threads:\n" + serverThreads(),
					ex);
		}
	}

	private static String serverThreads() {
		StringBuilder dump = new StringBuilder();
		Thread.getAllStackTraces().forEach((thread, stack) -> {
			if (thread.getName().startsWith("reactor-") || thread.getName().startsWith("parallel-")
					|| thread.getName().startsWith("boundedElastic-")) {
				dump.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
				for (StackTraceElement frame : stack) {
					dump.append("    at ").append(frame).append('\n');
				}
			}
		});
		return dump.toString();
	}

}
