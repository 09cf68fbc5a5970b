package de.ozgregistry.federation;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import de.ozgregistry.changes.ChangeLog;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Pulls the change feeds of the peers on a schedule and applies their entries in order, each in one transaction
 * with the peer's cursor: the record's rows ({@code replica_apply}), the change log entry (which carries the owner's
 * node ID) and every projection, as for a local change; so a node killed mid-batch resumes after the last applied
 * entry, with nothing applied twice and nothing skipped. An entry is refused (logged, counted, kept in
 * {@code federation_refusal}, nothing applied) if its signature is bad or by an unknown key, if it is not the
 * peer's own record or lies outside the peer's scope, if it goes back in version, or if its time is in the future by
 * more than the tolerated clock skew. An entry whose record refers to one not received yet (an adoption of a
 * solution of a third node) waits, and the peer's later entries with it, until the next pull.
 */
@Component
class Replication implements DisposableBean {

	private static final Log logger = LogFactory.getLog(Replication.class);

	private enum Outcome { APPLIED, ALREADY_HERE, REFUSED, WAITING }

	private final DatabaseClient db;

	private final TransactionalOperator transaction;

	private final ChangeLog changeLog;

	private final de.ozgregistry.changes.Projections projections;

	private final Peers peers;

	private final WebClient http;

	private final FederationProperties properties;

	private volatile Disposable schedule;

	/** Pulls asked for by push hints (a peer's node ID), between the scheduled ones. */
	private final reactor.core.publisher.Sinks.Many<String> hinted = reactor.core.publisher.Sinks.many()
		.multicast()
		.onBackpressureBuffer(256, false);

	/** The peers this instance asked for push hints since it started. */
	private final java.util.Set<String> subscribed = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private final String nodeId;

	Replication(DatabaseClient db, TransactionalOperator transaction, ChangeLog changeLog, Peers peers,
			FederationProperties properties, de.ozgregistry.RegistryProperties registry,
			de.ozgregistry.changes.Projections projections) {
		this.projections = projections;
		this.nodeId = registry.nodeId();
		this.db = db;
		this.transaction = transaction;
		this.changeLog = changeLog;
		this.peers = peers;
		this.http = WebClient.builder().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(64 * 1024 * 1024)).build();
		this.properties = properties;
	}

	/** Adds the configured peers and starts pulling; one pull at a time, every {@code pull-interval}. */
	@EventListener(ApplicationReadyEvent.class)
	void start() {
		Flux.fromIterable(properties.peers())
			.concatMap(peer -> peers.add(peer.nodeId(), peer.url(), peer.fingerprint())
				.onErrorResume(ex -> {
					logger.warn("Federation peer " + peer.nodeId() + " not added: " + ex.getMessage());
					return Mono.empty();
				}))
			.blockLast(Duration.ofSeconds(30));
		// "" pulls every peer (the schedule), a node ID that peer (its push hint); while a pull runs, the latest
		// request waits
		schedule = Flux.merge(Flux.interval(Duration.ZERO, properties.pullInterval()).map(tick -> ""),
				hinted.asFlux())
			.onBackpressureLatest()
			.concatMap(request -> (request.isEmpty() ? pullAll() : pullOne(request)).onErrorResume(ex -> {
				logger.warn("Federation pull failed: " + ex.getMessage());
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	/** A peer's push hint: pull it now (after the pull that is running, if any). */
	void hint(String peer) {
		hinted.tryEmitNext(peer);
	}

	private Mono<Void> pullOne(String peer) {
		return peers.all()
			.flatMapMany(Flux::fromIterable)
			.filter(known -> known.nodeId().equals(peer))
			.concatMap(this::pull)
			.then();
	}

	/** Pulls every peer once, until each is caught up or fails. */
	Mono<Void> pullAll() {
		return peers.all().flatMapMany(Flux::fromIterable).concatMap(this::pull).then();
	}

	private Mono<Void> pull(Peers.Peer known) {
		Mono<Peers.Peer> contacted = (known.keys().isEmpty() ? peers.contact(known) : Mono.just(known))
			.flatMap(peer -> subscribe(peer).thenReturn(peer));
		java.util.concurrent.atomic.AtomicBoolean deferred = new java.util.concurrent.atomic.AtomicBoolean();
		return contacted
			.flatMap(peer -> pages(peer, peer.cursor() == null ? ChangeFeed.START : peer.cursor(), deferred))
			// a backlog was applied without the projections: rebuild them once (as seeding does after a bulk load)
			.flatMap(remaining -> deferred.get()
					? projections.rebuildAll(db).as(transaction::transactional).thenReturn(remaining)
					: Mono.just(remaining))
			.flatMap(remaining -> peers.attempted(known.nodeId(), null, remaining))
			.onErrorResume(ex -> {
				String reason = ex instanceof Peers.PeerFailure ? ex.getMessage()
						: "cannot read its feed: " + ex.getMessage();
				logger.warn("Federation peer " + known.nodeId() + ": " + reason);
				return peers.attempted(known.nodeId(), reason, null);
			});
	}

	/** Applies pages until the feed has no more (emits 0) or an entry waits (emits -1: how many follow is not known). */
	private Mono<Long> pages(Peers.Peer peer, String cursor, java.util.concurrent.atomic.AtomicBoolean deferred) {
		return http.get()
			.uri(peer.url() + FederationRoutes.FEED_PATH + "?limit=" + properties.pageSize() + "&after=" + cursor)
			.retrieve()
			.bodyToMono(JsonNode.class)
			.flatMap(page -> {
				List<JsonNode> events = new java.util.ArrayList<>();
				page.path("events").forEach(events::add);
				if (events.isEmpty()) {
					return Mono.just(0L);
				}
				// a page that does not move on (or goes back) would be read again and again
				String next = page.path("next").asString("");
				if (!ChangeFeed.isAfter(next, cursor) || events.stream()
					.anyMatch(event -> !ChangeFeed.isAfter(event.path("ozgposition").asString(""), cursor))) {
					return Mono.error(new Peers.PeerFailure("its feed answered entries at or before " + cursor
							+ " for a page after it"));
				}
				// an entry signed with a key not known yet: the peer rotated its key, read its description again
				boolean unknownKey = events.stream()
					.map(event -> NodeKeys.keyId(event.path("ozgsignature").asString("")))
					.anyMatch(kid -> kid != null && peer.keys().stream().noneMatch(key -> kid.equals(key.getKeyID())));
				Mono<Peers.Peer> current = unknownKey ? peers.contact(peer) : Mono.just(peer);
				// a full page: a backlog (a node bootstrapping, or back after a while). Its entries are applied in
				// one transaction without the projections, which are rebuilt once at the end of the pull
				boolean backlog = events.size() >= properties.pageSize();
				if (backlog) {
					deferred.set(true);
				}
				return current.flatMap(known -> {
					Mono<Outcome> applied = Flux.fromIterable(events)
						.concatMap(event -> apply(known, event, backlog))
						.takeUntil(outcome -> outcome == Outcome.WAITING)
						.last();
					return (backlog ? applied.as(transaction::transactional) : applied)
						// waiting: how many entries follow is not known (-1)
						.flatMap(last -> last == Outcome.WAITING ? Mono.just(-1L) : pages(known, next, deferred));
				});
			});
	}

	private Mono<Outcome> apply(Peers.Peer peer, JsonNode event, boolean deferred) {
		String position = event.path("ozgposition").asString("");
		String refusal = check(peer, event);
		if (refusal != null) {
			return refuse(peer, event, position, refusal);
		}
		String type = event.path("ozgentity").asString();
		UUID id = UUID.fromString(event.path("ozgentityid").asString());
		int version = event.path("ozgversion").asInt();
		JsonNode data = event.path("data");
		return db.sql("""
				select peer_owns(:peer, :type, :data::jsonb) as outside,
				       (select r.version from replica r where r.entity_type = :type and r.entity_id = :id) as replica,
				       (select x.version from (select version, id from organization where :type = 'ORGANIZATION'
				                               union all select version, id from solution where :type = 'SOLUTION'
				                               union all select version, id from adoption where :type = 'ADOPTION'
				                               union all select version, id from confirmation
				                               where :type = 'CONFIRMATION') x
				        where x.id = :id) as local,
				       -- an organization this node has exactly as the peer sends it (seeded on both from the same
				       -- official data): nothing to write, only who owns it
				       (select (to_jsonb(o) - 'registry_node_id' - 'created_at' - 'updated_at')
				               = (:data::jsonb - 'registry_node_id' - 'created_at' - 'updated_at')
				        from organization o where :type = 'ORGANIZATION' and o.id = :id) as same""")
			.bind("peer", peer.nodeId())
			.bind("type", type)
			.bind("data", data.toString())
			.bind("id", id)
			.map(row -> new Object[] { row.get("outside", String.class), row.get("replica", Integer.class),
					row.get("local", Integer.class), Boolean.TRUE.equals(row.get("same", Boolean.class)) })
			.one()
			.flatMap(state -> {
				if (state[0] != null) {
					return refuse(peer, event, position, (String) state[0]);
				}
				Integer replica = (Integer) state[1];
				Integer local = (Integer) state[2];
				if (replica != null && version < replica) {
					return refuse(peer, event, position, "goes back in version (" + version + " after " + replica + ")");
				}
				if (replica != null && version == replica || replica == null && local != null && version < local) {
					return advance(peer, position).thenReturn(Outcome.ALREADY_HERE);
				}
				if (replica == null && (Boolean) state[3]) {
					return owned(peer, type, id, version).then(advance(peer, position))
						.then(counted(peer))
						.as(transaction::transactional)
						.thenReturn(Outcome.ALREADY_HERE);
				}
				return write(peer, event, type, id, version, data, position, deferred);
			});
	}

	private Mono<Outcome> write(Peers.Peer peer, JsonNode event, String type, UUID id, int version, JsonNode data,
			String position, boolean deferred) {
		ChangeLog.EntityType entity = ChangeLog.EntityType.valueOf(type);
		ChangeLog.Operation operation = ChangeLog.Operation.valueOf(event.path("ozgoperation").asString());
		return db.sql("select replica_apply(:type, :data::jsonb) as missing")
			.bind("type", type)
			.bind("data", data.toString())
			.map(row -> java.util.Optional.ofNullable(row.get("missing", String.class)))
			.one()
			.flatMap(missing -> missing.isPresent() ? Mono.just(missing.get())
					: (deferred ? changeLog.recordReplicaDeferred(entity, id, operation, peer.nodeId())
							: changeLog.recordReplica(entity, id, operation, peer.nodeId()))
						.then(owned(peer, type, id, version))
						.then(advance(peer, position))
						.then(counted(peer))
						.thenReturn(""))
			.as(transaction::transactional)
			.map(missing -> missing.isEmpty() ? Outcome.APPLIED : Outcome.WAITING)
			.doOnNext(outcome -> {
				if (outcome == Outcome.WAITING) {
					logger.info("Federation peer " + peer.nodeId() + ": " + event.path("subject").asString()
							+ " waits for a record it refers to");
				}
			});
	}

	private Mono<Void> counted(Peers.Peer peer) {
		return db.sql("update federation_peer set applied_count = applied_count + 1 where node_id = :node")
			.bind("node", peer.nodeId())
			.then();
	}

	/** Notes that the record, in this version, is the peer's (provenance, and the write guard). */
	private Mono<Void> owned(Peers.Peer peer, String type, UUID id, int version) {
		return db.sql("""
				insert into replica (entity_type, entity_id, node_id, version, via)
				values (:type, :id, :node, :version, :node)
				on conflict (entity_type, entity_id) do update set node_id = excluded.node_id,
				    version = excluded.version, via = excluded.via, received_at = now()""")
			.bind("type", type)
			.bind("id", id)
			.bind("node", peer.nodeId())
			.bind("version", version)
			.then();
	}

	/** The reason the entry cannot be the peer's own, signed statement, or null. */
	private String check(Peers.Peer peer, JsonNode event) {
		if (!(event instanceof ObjectNode object) || !object.has("ozgsignature")) {
			return "not signed";
		}
		ObjectNode unsigned = object.deepCopy();
		String signature = unsigned.remove("ozgsignature").asString();
		String bad = NodeKeys.verify(signature, Canonical.bytes(unsigned), peer.keys());
		if (bad != null) {
			return bad;
		}
		if (!peer.nodeId().equals(event.path("ozgnode").asString())) {
			return "a record of node '" + event.path("ozgnode").asString() + "', not of " + peer.nodeId();
		}
		try {
			OffsetDateTime time = OffsetDateTime.parse(event.path("time").asString());
			if (time.isAfter(OffsetDateTime.now().plus(properties.clockSkew()))) {
				return "its time " + time + " lies in the future";
			}
		}
		catch (RuntimeException ex) {
			return "no valid time";
		}
		if (!ChangeFeed.isCursor(event.path("ozgposition").asString(""))) {
			return "no position in the feed";
		}
		return null;
	}

	private Mono<Outcome> refuse(Peers.Peer peer, JsonNode event, String position, String reason) {
		logger.warn("Federation peer " + peer.nodeId() + ": refused " + event.path("id").asString("?") + " ("
				+ event.path("subject").asString("?") + "): " + reason);
		Mono<Void> consumed = ChangeFeed.isCursor(position) ? advance(peer, position) : Mono.empty();
		return db.sql("""
				insert into federation_refusal (peer, event_id, subject, reason) values (:peer, :event, :subject, :reason)""")
			.bind("peer", peer.nodeId())
			.bind("event", event.path("id").asString(""))
			.bind("subject", event.path("subject").asString(""))
			.bind("reason", reason)
			.then()
			.then(db.sql("update federation_peer set refused_count = refused_count + 1 where node_id = :peer")
				.bind("peer", peer.nodeId())
				.then())
			.then(consumed)
			.as(transaction::transactional)
			.thenReturn(Outcome.REFUSED);
	}

	/** Asks the peer (once per start) for push hints at this node's base URL, if it has one. */
	private Mono<Void> subscribe(Peers.Peer peer) {
		if (properties.baseUrl().isBlank() || subscribed.contains(peer.nodeId())) {
			return Mono.empty();
		}
		return http.post()
			.uri(peer.url() + PushHints.SUBSCRIBE_PATH)
			.bodyValue(java.util.Map.of("nodeId", nodeId, "url", properties.baseUrl()))
			.retrieve()
			.toBodilessEntity()
			.timeout(Duration.ofSeconds(5))
			.doOnSuccess(done -> subscribed.add(peer.nodeId()))
			.onErrorResume(ex -> {
				logger.info("Federation peer " + peer.nodeId() + " sends no push hints (" + ex.getMessage()
						+ "); pulling every " + properties.pullInterval().toSeconds() + " s");
				return Mono.empty();
			})
			.then();
	}

	private Mono<Void> advance(Peers.Peer peer, String position) {
		return db.sql("update federation_peer set cursor = :cursor where node_id = :peer")
			.bind("cursor", position)
			.bind("peer", peer.nodeId())
			.then();
	}

	@Override
	public void destroy() {
		if (schedule != null) {
			schedule.dispose();
		}
	}

}
