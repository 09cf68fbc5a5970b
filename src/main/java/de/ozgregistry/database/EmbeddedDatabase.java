package de.ozgregistry.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * The embedded PostgreSQL of the default set-up: a real PostgreSQL 15 started by the application, its data kept in
 * a directory under the working directory between restarts. Durable by default (every acknowledged commit is on
 * disk); a supervisor starts the server again on the same port and data directory when it dies, and PostgreSQL's
 * crash recovery replays its write-ahead log.
 */
final class EmbeddedDatabase implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(EmbeddedDatabase.class);

	private static final String ZONKY_LOGGER = EmbeddedPostgres.class.getName();

	/** Crash recovery after a kill under load takes longer than zonky's default of 10 s on a busy machine. */
	private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

	private static final long CHECK_INTERVAL_MILLIS = 500;

	private final Path dataDir;

	private final boolean durable;

	private final int port;

	private final ScheduledExecutorService supervisor;

	private EmbeddedPostgres server;

	private ProcessHandle postmaster;

	private long downSince;

	private boolean closed;

	private EmbeddedDatabase(Path dataDir, boolean durable, EmbeddedPostgres server) {
		this.dataDir = dataDir;
		this.durable = durable;
		this.port = server.getPort();
		this.server = server;
		this.postmaster = postmasterOf(dataDir);
		this.supervisor = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "embedded-postgres-supervisor");
			thread.setDaemon(true);
			return thread;
		});
		this.supervisor.scheduleWithFixedDelay(this::supervise, CHECK_INTERVAL_MILLIS, CHECK_INTERVAL_MILLIS,
				TimeUnit.MILLISECONDS);
		Runtime.getRuntime().addShutdownHook(new Thread(this::close, "embedded-postgres-closer"));
	}

	static DatabaseEndpoint start(DatabaseProperties properties) throws IOException {
		Path dataDir = Path.of(properties.dataDir()).toAbsolutePath();
		Files.createDirectories(dataDir);
		boolean fresh = !Files.exists(dataDir.resolve("PG_VERSION"));
		if (!fresh) {
			LeftoverServer.clear(dataDir);
		}
		EmbeddedPostgres postgres = builder(dataDir, properties.durable(), properties.port()).start();
		logger.info("Embedded PostgreSQL " + (fresh ? "created" : "reopened") + " in " + dataDir + " on port "
				+ postgres.getPort() + (properties.durable() ? " (durable: fsync and synchronous commit on)"
						: " (test settings, fsync off: a crash may lose the last commits)"));
		EmbeddedDatabase database = new EmbeddedDatabase(dataDir, properties.durable(), postgres);
		return new DatabaseEndpoint("localhost", postgres.getPort(), "postgres", "postgres", "", database);
	}

	private static EmbeddedPostgres.Builder builder(Path dataDir, boolean durable, int port) {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(dataDir)
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(false)
			.setPGStartupWait(STARTUP_WAIT);
		if (durable) {
			// zonky starts the server with -F (fsync off) and synchronous_commit=off; these come after -F on the
			// command line and win
			builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
		}
		if (port != 0) {
			builder.setPort(port);
		}
		return builder;
	}

	private static ProcessHandle postmasterOf(Path dataDir) {
		Optional<ProcessHandle> handle = LeftoverServer.postmasterPid(dataDir).flatMap(ProcessHandle::of);
		return handle.orElse(null);
	}

	/** One check of the supervisor: when the postmaster is gone, start the server again (one log line per outage). */
	private synchronized void supervise() {
		if (postmaster == null) {
			postmaster = postmasterOf(dataDir);
		}
		if (closed || (postmaster != null && postmaster.isAlive())) {
			return;
		}
		if (downSince == 0) {
			downSince = System.nanoTime();
			logger.warn("Embedded PostgreSQL stopped unexpectedly; restarting it on port " + port + " (crash recovery "
					+ "replays its log)");
		}
		try {
			closeQuietly(server);
			server = null;
			LeftoverServer.clear(dataDir);
			server = builder(dataDir, durable, port).start();
			postmaster = postmasterOf(dataDir);
			logger.info("Embedded PostgreSQL is running again after "
					+ Duration.ofNanos(System.nanoTime() - downSince).toMillis() + " ms");
			downSince = 0;
		}
		catch (IOException | RuntimeException ex) {
			// tried again at the next check; the outage was logged once
			logger.debug("Embedded PostgreSQL did not start again yet", ex);
		}
	}

	/** Releases zonky's lock on the data directory; its attempt to stop a server that is gone is expected to fail. */
	private static void closeQuietly(EmbeddedPostgres server) {
		if (server == null) {
			return;
		}
		LoggingSystem logging = LoggingSystem.get(EmbeddedDatabase.class.getClassLoader());
		var configuration = logging.getLoggerConfiguration(ZONKY_LOGGER);
		LogLevel previous = (configuration != null) ? configuration.getConfiguredLevel() : null;
		logging.setLogLevel(ZONKY_LOGGER, LogLevel.OFF);
		try {
			server.close();
		}
		catch (IOException ex) {
			logger.debug("Closing the stopped embedded PostgreSQL failed", ex);
		}
		finally {
			logging.setLogLevel(ZONKY_LOGGER, previous);
		}
	}

	@Override
	public void close() {
		EmbeddedPostgres running;
		synchronized (this) {
			if (closed) {
				return;
			}
			closed = true;
			running = server;
			server = null;
		}
		supervisor.shutdownNow();
		if (running != null) {
			try {
				running.close();
			}
			catch (IOException ex) {
				logger.warn("Could not stop the embedded PostgreSQL: " + ex.getMessage());
			}
		}
	}

}
