package de.ozgregistry.operations;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import de.ozgregistry.database.DatabaseEndpoint;
import de.ozgregistry.support.ApiTest;
import de.ozgregistry.support.RegistryNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node as its own process, with a management port of its own ({@code OZG_MANAGEMENT_PORT}): not ready before
 * its start-up work is done; the probes on the main port, the metrics only on the management port; and on SIGTERM a
 * request in flight still completes before the process exits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeLifecycleTest extends ApiTest {

	private static final String NODE = "ops-lifecycle";

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

	@Autowired
	DatabaseEndpoint database;

	private final int port = RegistryNode.freePort();

	private final int managementPort = RegistryNode.freePort();

	private Path log;

	private Process node;

	/** The log as it was when readiness first answered 200. */
	private String logWhenFirstReady;

	@BeforeAll
	void spawn() throws Exception {
		log = Files.createTempFile("node-lifecycle", ".log");
		log.toFile().deleteOnExit();
		node = RegistryNode.spawn(database, NODE, port, Map.of("management.server.port", String.valueOf(managementPort),
				"ozg.graphiql-enabled", "false"), log);
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
		while (logWhenFirstReady == null) {
			if (!node.isAlive()) {
				throw new AssertionError("The node exited:\n" + Files.readString(log));
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Not ready within 3 minutes:\n" + Files.readString(log));
			}
			try {
				if (get(port, "/actuator/health/readiness").statusCode() == 200) {
					logWhenFirstReady = Files.readString(log);
				}
			}
			catch (IOException notListeningYet) {
				// the server opens its port only after the migrations and the seeding
			}
			Thread.sleep(50);
		}
	}

	@AfterAll
	void stop() throws InterruptedException {
		if (node != null && node.isAlive()) {
			node.destroyForcibly();
			node.waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Test
	@Order(1)
	void notReadyBeforeMigrationsSeedingAndListeningAreDone() {
		assertThat(logWhenFirstReady).as("the log when readiness first answered 200")
			.contains("Seed data from", "Listening for changes of the registry");
	}

	@Test
	@Order(2)
	void theMainPortAnswersTheProbesButServesNoOtherManagementEndpoint() throws Exception {
		for (String probe : new String[] { "/actuator/health/liveness", "/actuator/health/readiness", "/livez",
				"/readyz" }) {
			HttpResponse<String> response = get(port, probe);
			assertThat(response.statusCode()).as(probe).isEqualTo(200);
			assertThat(response.body()).as(probe).isEqualTo("{\"status\":\"UP\"}");
		}
		for (String path : new String[] { "/actuator/prometheus", "/actuator/metrics", "/actuator/env",
				"/actuator/health" }) {
			assertThat(get(port, path, ApiTest.ADMIN_TOKEN).statusCode()).as(path).isEqualTo(404);
		}
	}

	@Test
	@Order(3)
	void theManagementPortServesPrometheusWithoutAToken() throws Exception {
		HttpResponse<String> metrics = get(managementPort, "/actuator/prometheus");
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("ozg_change_notifications_listening 1", "r2dbc_pool_acquired_connections");
		assertThat(get(managementPort, "/actuator/health/readiness").body()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(get(managementPort, "/actuator/env").statusCode()).isEqualTo(404);
		// listening on loopback only (OZG_MANAGEMENT_ADDRESS unset)
		InetAddress outside = nonLoopbackAddress();
		if (outside != null) {
			assertThatThrownBy(() -> new Socket(outside, managementPort).close()).as("from " + outside)
				.isInstanceOf(IOException.class);
			new Socket(outside, port).close();
		}
		// neither the GraphQL API nor the web front end is on the management port
		HttpResponse<String> graphQl = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort
				+ "/graphql"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ __typename }\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(graphQl.statusCode()).as(graphQl.body()).isEqualTo(404);
		assertThat(get(managementPort, "/").statusCode()).isEqualTo(404);
	}

	@Test
	@Order(4)
	void sigtermLetsTheRequestInFlightFinishThenTheProcessExits() throws Exception {
		try (Connection locker = RegistryNode.jdbc(database, NODE)) {
			locker.setAutoCommit(false);
			// the query below waits for this lock: a request in flight for as long as the test wants
			locker.createStatement().execute("lock table ozg_service in access exclusive mode");
			CompletableFuture<HttpResponse<String>> inFlight = HTTP.sendAsync(
					HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
						.header("Content-Type", "application/json")
						.timeout(Duration.ofSeconds(60))
						.POST(HttpRequest.BodyPublishers
							.ofString("{\"query\":\"query InFlight { ozgServices(first: 1) { totalCount } }\"}"))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			while (!waitingForLock(locker)) {
				assertThat(System.nanoTime()).as("the request waiting for the lock").isLessThan(deadline);
				Thread.sleep(50);
			}

			node.destroy();
			Thread.sleep(1500);
			assertThat(node.isAlive()).as("alive while a request is in flight").isTrue();
			assertThat(inFlight).as("the request in flight").isNotDone();

			locker.rollback();
			HttpResponse<String> response = inFlight.get(30, TimeUnit.SECONDS);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("\"totalCount\":").doesNotContain("errors");
		}
		assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
		assertThat(Files.readString(log)).contains("Graceful shutdown");
	}

	private static InetAddress nonLoopbackAddress() throws IOException {
		for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
			for (InetAddress address : Collections.list(network.getInetAddresses())) {
				if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
					return address;
				}
			}
		}
		return null;
	}

	private static boolean waitingForLock(Connection connection) throws Exception {
		try (ResultSet rows = connection.createStatement().executeQuery("select count(*) from pg_stat_activity "
				+ "where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()")) {
			rows.next();
			return rows.getLong(1) > 0;
		}
	}

	private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		return get(port, path, null);
	}

	private static HttpResponse<String> get(int port, String path, String token)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofSeconds(10));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
