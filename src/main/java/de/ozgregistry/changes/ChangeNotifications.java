package de.ozgregistry.changes;

import java.time.Duration;
import java.util.UUID;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.ConnectableFlux;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The changes of the registry as they commit, on every instance that shares the database: the change log's insert
 * trigger announces each entry with PostgreSQL {@code NOTIFY}, and every instance keeps one connection of its own
 * that {@code LISTEN}s and fans the announcements out to its subscribers. The connection is re-established after
 * failures.
 */
@Component
public class ChangeNotifications implements DisposableBean {

	private static final Log logger = LogFactory.getLog(ChangeNotifications.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** One announced change-log entry. */
	public record Change(long seq, String entityType, UUID entityId, String operation) {
	}

	private final ConnectableFlux<Change> changes;

	/** Bumped on every change written through this instance (at once) and announced by any instance. */
	private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

	private volatile Disposable connection;

	/** Whether announcements of other instances arrive; until the first LISTEN and while reconnecting they do not. */
	private volatile boolean listening;

	ChangeNotifications(R2dbcConnectionDetails details) {
		ConnectionFactory factory = ConnectionFactories.get(details.getConnectionFactoryOptions());
		this.changes = Flux.usingWhen(Mono.from(factory.create()).cast(PostgresqlConnection.class),
				listener -> listener.createStatement("LISTEN ozg_changes")
					.execute()
					.flatMap(result -> result.getRowsUpdated())
					.thenMany(Flux.defer(() -> {
						// whatever was cached while announcements could be missed is stale from now on
						generation.incrementAndGet();
						listening = true;
						logger.info("Listening for changes of the registry on this database");
						return listener.getNotifications();
					}))
					.mapNotNull(notification -> parse(notification.getParameter())),
				PostgresqlConnection::close)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(10))
				.doBeforeRetry(signal -> {
					listening = false;
					generation.incrementAndGet();
					logger.warn("Change notifications interrupted, reconnecting: " + signal.failure().getMessage());
				}))
			.doOnNext(change -> generation.incrementAndGet())
			.publish();
	}

	/**
	 * A number that grows whenever the registry's data may have changed: read models cached under one generation
	 * are stale under the next. Changes through this instance bump it in their own transaction (so that nothing
	 * computed before the change is cached after it); changes through other instances when their announcement
	 * arrives, milliseconds after their commit.
	 */
	public long generation() {
		return generation.get();
	}

	/**
	 * Whether changes through other instances are announced to this one right now. While they are not (before the
	 * first LISTEN, and while the listening connection is re-established), no cached read may be served or stored.
	 */
	public boolean listening() {
		return listening;
	}

	/** Marks a change written through this instance. */
	void changed() {
		generation.incrementAndGet();
	}

	/** Starts listening once the application is up; from then on no change is missed. */
	@EventListener(ApplicationReadyEvent.class)
	synchronized void start() {
		if (connection == null) {
			connection = changes.connect();
		}
	}

	/** Every change from now on (hot: earlier ones are not replayed). */
	public Flux<Change> changes() {
		return changes;
	}

	private static Change parse(String payload) {
		if (payload == null) {
			return null;
		}
		JsonNode json = JSON.readTree(payload);
		return new Change(json.get("seq").asLong(), json.get("type").asString(),
				UUID.fromString(json.get("id").asString()), json.get("operation").asString());
	}

	@Override
	public void destroy() {
		if (connection != null) {
			connection.dispose();
		}
	}

}
