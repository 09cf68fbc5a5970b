package de.ozgregistry.adoption;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import de.ozgregistry.SeedIds;
import de.ozgregistry.database.DatabaseEndpoint;
import de.ozgregistry.support.ApiTest;
import de.ozgregistry.support.RegistryNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of the registry in the middle of an import: the file's transaction never commits, so nothing of it
 * is there after the restart (no adoption, no data source, no change-log entry), and the same file given again is
 * applied whole. The registry runs as a process of its own on a database of its own, so that the test can kill it.
 */
class AdoptionImportCrashTest extends ApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String NODE = "import-crash";

	private static final int ROWS = 3_000;

	@Autowired
	DatabaseEndpoint database;

	@Test
	void aServerKilledMidFileLeavesNothingOfItAndTheFileIsAppliedWholeAfterTheRestart() throws Exception {
		int port = RegistryNode.freePort();
		Path log = Files.createTempFile("node-import-crash", ".log");
		log.toFile().deleteOnExit();
		Process node = RegistryNode.spawn(database, NODE, port, Map.of(), log);
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		String url = "http://localhost:" + port + "/graphql";
		String solution;
		byte[] file;
		CompletableFuture<HttpResponse<String>> answer;
		try {
			awaitAnswer(http, url, node, log);
			solution = post(http, url, """
					mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { name } } }""",
					Map.of("input", Map.of("name", "Absturz-Test (Import)", "summary", "Test solution", "providerId",
							SeedIds.bund().toString(), "ozgIds", List.of(10160), "reuseModel", "OPEN_SOURCE",
							"lifecycle", "PRODUCTION")))
				.path("data").path("publishSolution").path("solution").path("name").asString();
			file = file(solution);
			// after the start's own writes (signing the seed's change-log entries): no long write transaction for 2 s
			int[] quiet = { 0 };
			await("the node's start-up writes done", node, log, () -> {
				quiet[0] = longWriteTransaction() ? 0 : quiet[0] + 1;
				return quiet[0] >= 10;
			});
			// the import, as a request the registry never answers: it is killed while the file's transaction runs
			answer = http.sendAsync(request(url, importDocument(file)), HttpResponse.BodyHandlers.ofString());
			await("the import's transaction writing", node, log, this::longWriteTransaction);
		}
		finally {
			node.destroyForcibly();
			node.waitFor();
		}
		assertThat(answer).as("the killed import was never acknowledged").failsWithin(Duration.ofSeconds(30));
		try (Connection connection = RegistryNode.jdbc(database, NODE)) {
			assertThat(count(connection, "select count(*) from adoption a join solution s on s.id = a.solution_id "
					+ "where s.name = 'Absturz-Test (Import)'")).as("adoptions of the killed file").isZero();
			assertThat(count(connection, "select count(*) from data_source where id like 'import-%'"))
				.as("its data source").isZero();
			assertThat(count(connection, "select count(*) from change_log where entity_type = 'ADOPTION'"))
				.as("its change-log entries").isZero();
		}

		RegistryNode again = RegistryNode.open(database, NODE, Map.of());
		try {
			HttpResponse<String> applied = http.send(request(again.url() + "/graphql", importDocument(file)),
					HttpResponse.BodyHandlers.ofString());
			JsonNode report = JSON.readTree(applied.body()).path("data").path("importAdoptions").path("report");
			assertThat(report.path("applied").asBoolean()).as(applied.body()).isTrue();
			assertThat(report.path("created").asInt()).isEqualTo(ROWS);
			try (Connection connection = again.jdbc()) {
				assertThat(count(connection, "select count(*) from adoption where source = 'IMPORTED'"))
					.isEqualTo(ROWS);
			}
		}
		finally {
			again.close();
		}
	}

	/** A spreadsheet of {@link #ROWS} Gemeinden (their ARS, from the node's seed) using the solution, live. */
	private byte[] file(String solution) throws SQLException {
		List<String> lines = new ArrayList<>(List.of("ARS;Lösung;Status"));
		try (Connection connection = RegistryNode.jdbc(database, NODE);
				ResultSet rows = connection.createStatement()
					.executeQuery("select ars from organization where 'MUNICIPALITY' = any (kinds) order by ars limit "
							+ ROWS)) {
			while (rows.next()) {
				lines.add(rows.getString(1) + ";" + solution + ";live");
			}
		}
		assertThat(lines).hasSize(ROWS + 1);
		return String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8);
	}

	private static Map<String, Object> importDocument(byte[] file) {
		return Map.of("query", """
				mutation($input: ImportAdoptionsInput!) { importAdoptions(input: $input) {
				  report { applied created refused } } }""", "variables", Map.of("input", Map.of("fileName",
				"absturz.csv", "content", Base64.getEncoder().encodeToString(file), "dryRun", false)));
	}

	/** Whether a transaction of the node's database has written and runs for more than a second. */
	private boolean longWriteTransaction() {
		try (Connection connection = RegistryNode.jdbc(database, NODE)) {
			return count(connection, """
					select count(*) from pg_stat_activity
					where datname = current_database() and pid <> pg_backend_pid() and backend_xid is not null
					  and xact_start < now() - interval '1 second'""") > 0;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	private static JsonNode post(HttpClient http, String url, String query, Map<String, Object> variables)
			throws Exception {
		HttpResponse<String> response = http.send(request(url, Map.of("query", query, "variables", variables)),
				HttpResponse.BodyHandlers.ofString());
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.path("errors").isMissingNode()).as(response.body()).isTrue();
		return body;
	}

	private static HttpRequest request(String url, Map<String, Object> body) {
		return HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + ADMIN_TOKEN)
			.timeout(Duration.ofMinutes(5))
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build();
	}

	private static void awaitAnswer(HttpClient http, String url, Process node, Path log) throws Exception {
		await("the node answering", node, log, () -> {
			try {
				return http.send(request(url, Map.of("query", "{ __typename }")), HttpResponse.BodyHandlers.ofString())
					.statusCode() == 200;
			}
			catch (java.io.IOException ex) {
				return false;
			}
		});
	}

	/** Waits up to 3 minutes (seeding a fresh database comes first); fails at once if the node exits. */
	private static void await(String what, Process node, Path log, Condition condition) throws Exception {
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		while (!condition.holds()) {
			if (!node.isAlive()) {
				throw new AssertionError("The node exited before " + what + ":\n" + Files.readString(log));
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Not within 3 minutes: " + what + ":\n" + Files.readString(log));
			}
			Thread.sleep(200);
		}
	}

	private static long count(Connection connection, String sql) throws SQLException {
		try (ResultSet rows = connection.createStatement().executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	@FunctionalInterface
	private interface Condition {

		boolean holds() throws Exception;

	}

}
