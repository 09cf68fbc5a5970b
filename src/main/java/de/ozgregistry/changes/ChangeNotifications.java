package de.ozgregistry.changes;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import de.ozgregistry.graphql.DataGeneration;
import de.ozgregistry.graphql.ErrorCode;
import de.ozgregistry.graphql.RegistryException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The changes of the registry as they commit, on every instance that shares the database: the change log's insert
 * trigger announces each entry with PostgreSQL {@code NOTIFY}, and every instance keeps one connection of its own
 * that {@code LISTEN}s, reads every announcement as it arrives (whether anybody subscribes or not) and fans it out to
 * the subscribers of that moment. The connection is re-established after failures.
 */
@Component
public class ChangeNotifications implements DataGeneration, DisposableBean {

	private static final Log logger = LogFactory.getLog(ChangeNotifications.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The announcement of a change of reference data ({@link #referenceDataChanged}). */
	private static final String REFERENCE_DATA = "{\"type\":\"REFERENCE_DATA\"}";

	/**
	 * One announced change-log entry; {@code keys} are the references of the changed record (its snapshot's
	 * {@code *_id} fields: an adoption's {@code solution_id} and {@code organization_id}) and its {@code created_at},
	 * empty if unknown.
	 */
	public record Change(long seq, String entityType, UUID entityId, String operation, Map<String, String> keys) {
	}

	/** How many topics' last changes are kept before they are dropped for one change of everything. */
	static final int MAX_TOPICS = 100_000;

	/** The LISTEN connection's announcements (cold: each subscription opens a connection, re-opened on failure). */
	private final Flux<Change> announcements;

	/**
	 * The fan-out to the subscribers of the moment: hot, holds nothing for later subscribers. It never pushes back
	 * on the LISTEN connection, because every subscriber takes from it through a bounded buffer of its own.
	 */
	private final Sinks.Many<Change> subscribers = Sinks.many().multicast().directBestEffort();

	private final int subscriberBuffer;

	/** Bumped on every change written through this instance (at once) and announced by any instance. */
	private final AtomicLong generation = new AtomicLong();

	private final AtomicLong reconnects = new AtomicLong();

	/** The generation of the last change whose reach is unknown: everything read before it may be stale. */
	private final AtomicLong everything = new AtomicLong();

	/** For each topic a change named, the generation of its last such change (see {@link #changedSince}). */
	private final Map<String, Long> topicChanges = new ConcurrentHashMap<>();

	/** What the changes of each entity type reach (the topics of {@link #changedSince}); a type not here, everything. */
	private final Map<String, Function<Change, Set<String>>> reaches = new ConcurrentHashMap<>();

	private volatile Disposable connection;

	/** Whether announcements of other instances arrive; until the first LISTEN and while reconnecting they do not. */
	private volatile boolean listening;

	/** Told of every change of reference data ({@link #referenceDataChanged}), on any instance. */
	private final List<Runnable> referenceDataListeners = new CopyOnWriteArrayList<>();

	ChangeNotifications(R2dbcConnectionDetails details,
			@Value("${ozg.notifications.subscriber-buffer:1000}") int subscriberBuffer) {
		if (subscriberBuffer < 1) {
			throw new IllegalArgumentException("ozg.notifications.subscriber-buffer must be at least 1");
		}
		this.subscriberBuffer = subscriberBuffer;
		ConnectionFactory factory = ConnectionFactories.get(details.getConnectionFactoryOptions());
		this.announcements = Flux.usingWhen(Mono.from(factory.create()).cast(PostgresqlConnection.class),
				listener -> listener.createStatement("LISTEN ozg_changes")
					.execute()
					.flatMap(result -> result.getRowsUpdated())
					.thenMany(Flux.defer(() -> {
						// whatever was cached while announcements could be missed is stale from now on
						changed();
						referenceDataListeners.forEach(Runnable::run);
						listening = true;
						logger.info("Listening for changes of the registry on this database");
						return listener.getNotifications();
					}))
					// every announcement makes cached reads stale: those that read what the change reaches, or all of
					// them for a change of unknown reach and for one this instance cannot parse
					.mapNotNull(notification -> {
						Change change = parse(notification.getParameter());
						if (change == null) {
							changed();
						}
						else {
							changed(change);
						}
						if (REFERENCE_DATA.equals(notification.getParameter())) {
							referenceDataListeners.forEach(Runnable::run);
						}
						return change;
					}),
				PostgresqlConnection::close)
			// transient: the back-off starts again from 200 ms once a connection delivered announcements
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(10))
				.transientErrors(true)
				.doBeforeRetry(signal -> {
					boolean wasListening = listening;
					listening = false;
					reconnects.incrementAndGet();
					changed();
					// one line per interruption, not one per attempt while the database is down
					if (wasListening) {
						logger.warn("Change notifications interrupted, reconnecting: " + signal.failure().getMessage());
					}
					else if (logger.isDebugEnabled()) {
						logger.debug("Change notifications still interrupted: " + signal.failure().getMessage());
					}
				}));
	}

	/**
	 * A number that grows whenever the registry's data may have changed: read models cached under one generation
	 * are stale under the next. Changes through this instance bump it in their own transaction (so that nothing
	 * computed before the change is cached after it); changes through other instances when their announcement
	 * arrives, milliseconds after their commit.
	 */
	@Override
	public long generation() {
		return generation.get();
	}

	/**
	 * Whether changes through other instances are announced to this one right now. While they are not (before the
	 * first LISTEN, and while the listening connection is re-established), no cached read may be served or stored.
	 */
	@Override
	public boolean listening() {
		return listening;
	}

	/** How often the LISTEN connection was lost and re-established since the start. */
	public long reconnects() {
		return reconnects.get();
	}

	/**
	 * Whether data read under {@link #generation} {@code generation} may have changed since: by a change of unknown
	 * reach, or by one whose reach names one of {@code topics}. {@code null} topics stand for a read of anything: then
	 * any change since counts.
	 */
	@Override
	public boolean changedSince(long generation, Set<String> topics) {
		if (topics == null) {
			return this.generation.get() != generation;
		}
		if (everything.get() > generation) {
			return true;
		}
		for (String topic : topics) {
			Long changed = topicChanges.get(topic);
			if (changed != null && changed > generation) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Registers what the changes of records of {@code entityType} reach: the topics that reads of data they change
	 * declare (the compiled read path's descriptions). {@code reach} answers {@code null} where it cannot tell (keys
	 * missing): that change reaches everything.
	 */
	public void reach(String entityType, Function<Change, Set<String>> reach) {
		if (reaches.putIfAbsent(entityType, reach) != null) {
			throw new IllegalStateException("The reach of changes of " + entityType + " is registered twice");
		}
	}

	/** Marks a change written through this instance, or announced, whose reach is unknown: everything is stale. */
	void changed() {
		long changed = generation.incrementAndGet();
		everything.accumulateAndGet(changed, Math::max);
	}

	/** Marks {@code change}: what it reaches is stale (everything, where its type's reach is not registered). */
	void changed(Change change) {
		Function<Change, Set<String>> reach = reaches.get(change.entityType());
		Set<String> topics = (reach == null) ? null : reach.apply(change);
		if (topics == null) {
			changed();
			return;
		}
		long changed = generation.incrementAndGet();
		topics.forEach(topic -> topicChanges.merge(topic, changed, Math::max));
		if (topicChanges.size() > MAX_TOPICS) {
			// a topic last changed before the last change of everything tells nothing more
			changed();
			long before = everything.get();
			topicChanges.values().removeIf(last -> last < before);
		}
	}

	/**
	 * Marks the start of a write through this instance: caches compared by {@link #generation} alone drop what they
	 * hold. For those that compare topics ({@link #changedSince}) the write's own {@link #changed(Change)} follows
	 * before its commit, and its announcement after the commit.
	 */
	void writing() {
		generation.incrementAndGet();
	}

	/**
	 * Tells {@code listener} of every change of reference data on any instance ({@link #referenceDataChanged}), and
	 * whenever announcements may have been missed (the LISTEN connection re-established): what it keeps of reference
	 * data in memory is to be read again.
	 */
	public void onReferenceDataChanged(Runnable listener) {
		referenceDataListeners.add(listener);
	}

	/**
	 * Announces, in the caller's transaction, a change of reference data that is not in the change log (a new version
	 * of the OZG catalogue): cached reads of this instance are stale from now on, those of the other instances when
	 * the announcement arrives after the commit. Subscribers of {@link #changes()} are not told (it is no record's
	 * change).
	 */
	public Mono<Void> referenceDataChanged(org.springframework.r2dbc.core.DatabaseClient db) {
		// the listeners of this instance are told when the announcement comes back, after the commit
		return db.sql("select pg_notify('ozg_changes', :payload)")
			.bind("payload", REFERENCE_DATA)
			.then()
			.doOnSuccess(done -> changed());
	}

	/**
	 * Starts listening once the application is up; from then on no change is missed. The connection's
	 * announcements are requested without limit: the driver fails the connection on the first announcement nobody
	 * has room for, so nothing downstream may ever hold them back.
	 */
	@EventListener(ApplicationReadyEvent.class)
	synchronized void start() {
		if (connection == null) {
			connection = announcements.subscribe(this::fanOut);
		}
	}

	private void fanOut(Change change) {
		Sinks.EmitResult result = subscribers.tryEmitNext(change);
		// no subscriber is the normal case; the announcements come one at a time from one connection
		if (result.isFailure() && result != Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER) {
			logger.warn("Change " + change.seq() + " not delivered to subscribers: " + result);
		}
	}

	/**
	 * Every change committed from now on (hot: earlier ones are not replayed). Each subscriber has a buffer of
	 * {@code ozg.notifications.subscriber-buffer} changes it has not yet taken; a subscriber that falls further
	 * behind receives what is in its buffer and then a {@code SUBSCRIBER_TOO_SLOW} error, which ends it. Neither the
	 * LISTEN connection nor the other subscribers notice.
	 */
	public Flux<Change> changes() {
		return subscribers.asFlux()
			.onBackpressureBuffer(subscriberBuffer)
			.onErrorMap(Exceptions::isOverflow, overflow -> new RegistryException(ErrorCode.SUBSCRIBER_TOO_SLOW,
					"This subscription fell more than " + subscriberBuffer + " changes behind and was ended. "
							+ "Subscribe again and query the current state of what it watches."));
	}

	/**
	 * Runs {@code work} after changes commit (and once at the start if {@code atStart}): at most one run at a time and
	 * at most one per {@code pause}, each after the latest change before it, none cancelled by changes that arrive
	 * meanwhile (they wait for the next run). {@code work} handles its own errors. Disposing the result stops it.
	 */
	public Disposable afterChanges(Duration pause, boolean atStart, Supplier<Mono<Void>> work) {
		Flux<Object> triggers = changes().map(Object.class::cast);
		return paced(atStart ? Flux.concat(Flux.just("start"), triggers) : triggers, pause, work).retry().subscribe();
	}

	/**
	 * {@link #afterChanges}' pacing of {@code triggers}. The order matters: {@code sample} fails with an overflow
	 * whenever it has a trigger and no demand, which a run longer than the pause would cause, so it comes first and
	 * the latest trigger waits behind it, not in front of it.
	 */
	static Flux<Void> paced(Flux<?> triggers, Duration pause, Supplier<Mono<Void>> work) {
		return triggers.sample(pause).onBackpressureLatest().concatMap(trigger -> work.get(), 1);
	}

	/** The references {@code change_log_keys} (R__changes.sql) wrote as JSON text. */
	static Map<String, String> keys(String json) {
		return keys(JSON.readTree(json));
	}

	private static Map<String, String> keys(JsonNode keys) {
		Map<String, String> references = new LinkedHashMap<>();
		keys.properties().forEach(key -> references.put(key.getKey(), key.getValue().asString()));
		return Map.copyOf(references);
	}

	private static Change parse(String payload) {
		if (REFERENCE_DATA.equals(payload)) {
			return null;
		}
		try {
			JsonNode json = JSON.readTree(payload);
			return new Change(json.get("seq").asLong(), json.get("type").asString().intern(),
					UUID.fromString(json.get("id").asString()), json.get("operation").asString().intern(),
					keys(json.path("keys")));
		}
		catch (RuntimeException ex) {
			// a foreign or malformed NOTIFY on the channel must not cost the connection
			logger.warn("Ignored an announcement that is not a change-log entry: "
					+ ((payload == null || payload.length() <= 200) ? payload : payload.substring(0, 200) + "…"));
			return null;
		}
	}

	@Override
	public void destroy() {
		if (connection != null) {
			connection.dispose();
		}
	}

}
