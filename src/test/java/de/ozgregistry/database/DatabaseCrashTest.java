package de.ozgregistry.database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import de.ozgregistry.OzgRegistryApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of the embedded PostgreSQL (postmaster and backends) under a stream of acknowledged writes: every
 * write the client got an acknowledgment for is there after the crash, the application answers {@code UNAVAILABLE}
 * (HTTP 503, {@code Retry-After}) meanwhile with one log line per outage, and it recovers by itself. Runs the
 * application with its run configuration (durable) on a server of its own, without seed data.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseCrashTest {

	private static final int WRITERS = 4;

	private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(90);

	@TempDir
	Path workDir;

	@Test
	void acknowledgedWritesSurviveACrashOfTheDatabaseAndTheApplicationRecoversByItself(CapturedOutput output)
			throws Exception {
		SpringApplication registry = new SpringApplication(OzgRegistryApplication.class);
		try (ConfigurableApplicationContext context = registry.run("--server.port=0",
				"--ozg.database.data-dir=" + workDir.resolve("postgres"), "--ozg.seed-on-start=false",
				"--ozg.illustrative-data=false", "--ozg.security.admin-token=" + RegistryClient.ADMIN_TOKEN,
				"--ozg.limits.requests-per-minute-per-address=10000000",
				"--ozg.limits.requests-per-minute-per-token=10000000")) {
			DatabaseClient db = context.getBean(DatabaseClient.class);
			assertThat(setting(db, "fsync")).as("fsync of the run configuration").isEqualTo("on");
			assertThat(setting(db, "synchronous_commit")).as("synchronous_commit of the run configuration")
				.isEqualTo("on");
			RegistryClient client = new RegistryClient(
					((WebServerApplicationContext) context).getWebServer().getPort());

			Stream stream = new Stream(client);
			ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
			List<Future<?>> running = new ArrayList<>();
			for (int i = 0; i < WRITERS; i++) {
				int writer = i;
				running.add(writers.submit(() -> stream.write(writer)));
			}
			stream.awaitAcknowledged(200);
			int beforeKill = stream.acknowledged.size();
			int outputBeforeKill = output.length();
			killServer(workDir.resolve("postgres").toRealPath());
			long killed = System.nanoTime();
			stream.awaitUnavailableThenAcknowledged(beforeKill, 50, RECOVERY_TIMEOUT);
			long recovered = System.nanoTime();
			stream.stop.set(true);
			for (Future<?> writer : running) {
				writer.get();
			}
			writers.shutdown();

			assertThat(stream.unexpected.stream().limit(3))
				.as("answers other than an acknowledgment or UNAVAILABLE (of " + stream.unexpected.size() + ")")
				.isEmpty();
			assertThat(stream.unavailable.get()).as("UNAVAILABLE answers (HTTP 503 with Retry-After)").isPositive();
			List<String> missing = new ArrayList<>();
			Map<String, String> stored = new ConcurrentHashMap<>();
			db.sql("select id::text, name from organization where kind = 'VENDOR'")
				.map(row -> Map.entry(row.get(0, String.class), row.get(1, String.class)))
				.all()
				.doOnNext(entry -> stored.put(entry.getKey(), entry.getValue()))
				.blockLast();
			stream.acknowledged.forEach((id, name) -> {
				if (!name.equals(stored.get(id))) {
					missing.add(name);
				}
			});
			assertThat(missing).as("acknowledged writes lost in the crash (of " + stream.acknowledged.size() + ")")
				.isEmpty();

			String outage = output.toString().substring(outputBeforeKill);
			assertThat(outage.lines().filter(line -> line.contains("Database unavailable")))
				.as("log lines announcing the outage").hasSize(1);
			assertThat(outage.lines().filter(line -> line.contains("Embedded PostgreSQL stopped unexpectedly")))
				.as("log lines of the supervisor").hasSize(1);
			assertThat(outage).as("log during the outage").doesNotContain("Unexpected failure");
			System.out.printf("crash test: %d writes acknowledged before the kill, %d in all, %d UNAVAILABLE answers, "
					+ "recovered %d ms after the kill%n", beforeKill, stream.acknowledged.size(),
					stream.unavailable.get(), Duration.ofNanos(recovered - killed).toMillis());
		}
	}

	/** SIGKILL to every postgres process of the data directory at once, like a crash of the server. */
	private static void killServer(Path dataDir) {
		List<ProcessHandle> processes = LeftoverServer.postgresProcessesOf(dataDir);
		assertThat(processes).as("postgres processes of " + dataDir).isNotEmpty();
		processes.forEach(ProcessHandle::destroyForcibly);
	}

	private static String setting(DatabaseClient db, String name) {
		return db.sql("select current_setting('" + name + "')").map(row -> row.get(0, String.class)).one().block();
	}

	/** Writers registering vendors as fast as they are acknowledged, and what they were answered. */
	private static final class Stream {

		final RegistryClient client;

		final Map<String, String> acknowledged = new ConcurrentHashMap<>();

		final AtomicInteger unavailable = new AtomicInteger();

		final Set<String> unexpected = ConcurrentHashMap.newKeySet();

		final AtomicBoolean stop = new AtomicBoolean();

		Stream(RegistryClient client) {
			this.client = client;
		}

		void write(int writer) {
			for (int i = 0; !stop.get(); i++) {
				String name = "Vendor " + writer + "-" + i;
				try {
					RegistryClient.Answer answer = client.registerVendor(name);
					String code = answer.errorCode();
					if (code == null && answer.status() == 200) {
						acknowledged.put(answer.body().path("data").path("registerOrganization").path("organization")
							.path("id").asString(), name);
					}
					else if ("UNAVAILABLE".equals(code) && answer.status() == 503 && answer.retryAfter() != null
							&& !answer.errorMessage().contains("Exception")) {
						unavailable.incrementAndGet();
						Thread.sleep(50);
					}
					else {
						unexpected.add(answer.status() + " " + answer.body());
					}
				}
				catch (Exception ex) {
					unexpected.add(ex.toString());
				}
			}
		}

		void awaitAcknowledged(int count) throws InterruptedException {
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (acknowledged.size() < count && unexpected.isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(unexpected).as("answers before the kill").isEmpty();
			assertThat(acknowledged).as("writes before the kill").hasSizeGreaterThanOrEqualTo(count);
		}

		/** Waits for the outage to show and then for writes to be acknowledged again, without a restart. */
		void awaitUnavailableThenAcknowledged(int before, int after, Duration timeout) throws InterruptedException {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (unavailable.get() == 0 && unexpected.isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			int atOutage = acknowledged.size();
			while (acknowledged.size() < atOutage + after && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(unavailable.get())
				.as("UNAVAILABLE answers after the kill; unexpected: " + unexpected.stream().limit(3).toList())
				.isPositive();
			assertThat(acknowledged.size() - atOutage).as("writes acknowledged after the outage (recovery)")
				.isGreaterThanOrEqualTo(after);
		}

	}

}
