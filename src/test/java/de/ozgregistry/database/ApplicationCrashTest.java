package de.ozgregistry.database;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import de.ozgregistry.OzgRegistryApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of the application: its embedded PostgreSQL lives on, holding its lock on the data directory. The
 * next start must clear it and come up on the first try, with every acknowledged write still there. The application
 * runs in a child JVM (the test JVM's classpath), without seed data so that it starts in seconds.
 */
class ApplicationCrashTest {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(150);

	@TempDir
	Path workDir;

	private Process application;

	@AfterEach
	void stopEverything() throws Exception {
		if (application != null && application.isAlive()) {
			application.destroy();
			application.waitFor();
		}
		// never leave a server of the test behind, whatever happened
		Path dataDir = workDir.resolve("postgres");
		if (Files.isDirectory(dataDir)) {
			LeftoverServer.postgresProcessesOf(dataDir.toRealPath()).forEach(ProcessHandle::destroyForcibly);
		}
	}

	@Test
	void theFirstStartAfterAKilledApplicationSucceedsWithTheDataWrittenBefore() throws Exception {
		int port = freePort();
		application = start(port, "first");
		RegistryClient client = new RegistryClient(port);
		awaitAnswer(client, "first");
		RegistryClient.Answer written = client.registerVendor("Written before the kill");
		assertThat(written.errorCode()).as(written.body().toString()).isNull();
		String id = written.body().path("data").path("registerOrganization").path("organization").path("id").asString();

		application.destroyForcibly();
		application.waitFor();
		Path dataDir = workDir.resolve("postgres").toRealPath();
		assertThat(LeftoverServer.postgresProcessesOf(dataDir)).as("the orphaned embedded server").isNotEmpty();

		application = start(port, "second");
		awaitAnswer(client, "second");
		assertThat(client.organizationName(id)).isEqualTo("Written before the kill");
	}

	private Process start(int port, String run) throws IOException {
		String javaCommand = ProcessHandle.current().info().command().orElse("java");
		ProcessBuilder builder = new ProcessBuilder(javaCommand, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), OzgRegistryApplication.class.getName())
			.directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(workDir.resolve(run + ".log").toFile());
		builder.environment()
			.putAll(Map.of("PORT", Integer.toString(port), "OZG_DB_DATA_DIR",
					workDir.resolve("postgres").toString(), "OZG_SEED_ON_START", "false", "OZG_ILLUSTRATIVE_DATA",
					"false", "OZG_ADMIN_TOKEN", RegistryClient.ADMIN_TOKEN, "OZG_ADMIN_TOKEN_FILE",
					workDir.resolve("admin-token").toString()));
		return builder.start();
	}

	/** Waits until the application answers; fails at once if it exits (a failed start). */
	private void awaitAnswer(RegistryClient client, String run) throws Exception {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (!client.answers()) {
			if (!application.isAlive()) {
				throw new AssertionError("The " + run + " start failed (exit " + application.exitValue() + "):\n"
						+ tail(workDir.resolve(run + ".log")));
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("The " + run + " start did not answer in " + START_TIMEOUT + ":\n"
						+ tail(workDir.resolve(run + ".log")));
			}
			Thread.sleep(200);
		}
	}

	private static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
