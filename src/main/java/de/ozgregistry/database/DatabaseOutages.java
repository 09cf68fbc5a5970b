package de.ozgregistry.database;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The one rule for "the database cannot be reached" (connection refused or broken, pool acquisition timed out, server
 * shutting down or starting), and the outage it starts: logged once when it begins and once when a probe finds the
 * database answering again, never a stack trace per request. Requests fail meanwhile with {@code UNAVAILABLE}.
 */
@Component
public class DatabaseOutages {

	/** What a client is told during an outage, and how soon it may try again. */
	public static final String MESSAGE = "The database is not available right now; try again in a few seconds.";

	public static final int RETRY_AFTER_SECONDS = 5;

	private static final Log logger = LogFactory.getLog(DatabaseOutages.class);

	/** admin_shutdown, crash_shutdown, cannot_connect_now; class 08 (connection exception) is matched as a whole. */
	private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");

	private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

	private final ConnectionFactory connections;

	/** {@link System#nanoTime()} when the current outage began, 0 while the database is available. */
	private final AtomicLong downSince = new AtomicLong();

	public DatabaseOutages(ConnectionFactory connections) {
		this.connections = connections;
	}

	/** Whether this failure (or one of its causes) means the database cannot be reached. */
	public static boolean isOutage(Throwable failure) {
		int depth = 0;
		for (Throwable cause = failure; cause != null && depth < 20; cause = cause.getCause(), depth++) {
			if (cause instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null) {
				// an answer of the server: only its connection and shutdown states say it is unreachable
				String state = r2dbc.getSqlState();
				return state.startsWith("08") || SERVER_GOING_AWAY.contains(state);
			}
			if (cause instanceof R2dbcNonTransientResourceException || cause instanceof R2dbcTransientResourceException
					|| cause instanceof ConnectException || cause instanceof ClosedChannelException
					|| cause instanceof reactor.pool.PoolAcquireTimeoutException) {
				return true;
			}
			if (cause instanceof R2dbcTimeoutException && cause.getMessage() != null
					&& cause.getMessage().startsWith("Connection acquisition")) {
				return true;
			}
		}
		return false;
	}

	/** Whether an outage is going on (between its first failure and the probe that found the database back). */
	public boolean isDown() {
		return downSince.get() != 0;
	}

	/**
	 * Notes a failure for which {@link #isOutage} holds: the first one of an outage is logged (one line, with the
	 * cause's message) and starts a probe that ends the outage when the database answers again.
	 */
	public void report(Throwable failure) {
		long now = System.nanoTime();
		if (!downSince.compareAndSet(0, now == 0 ? 1 : now)) {
			return;
		}
		logger.warn("Database unavailable (" + rootMessage(failure) + "); requests fail with UNAVAILABLE until it "
				+ "answers again");
		Flux.interval(PROBE_INTERVAL)
			.concatMap(tick -> probe())
			.filter(answered -> answered)
			.next()
			.subscribe(answered -> {
				long since = downSince.getAndSet(0);
				logger.info("Database available again after " + Duration.ofNanos(System.nanoTime() - since).toMillis()
						+ " ms");
			});
	}

	private Mono<Boolean> probe() {
		return Mono.usingWhen(Mono.from(connections.create()),
				connection -> Flux.from(connection.createStatement("select 1").execute())
					.concatMap(result -> result.map((row, meta) -> 1))
					.then(Mono.just(true)),
				connection -> connection.close())
			.timeout(PROBE_TIMEOUT)
			.onErrorReturn(false);
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : "connection failed";
	}

}
