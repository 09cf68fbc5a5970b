package de.ozgregistry.federation;

import java.text.NumberFormat;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import com.nimbusds.jose.jwk.JWK;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import de.ozgregistry.RegistryProperties;
import de.ozgregistry.changes.ChangeLog;
import de.ozgregistry.changes.Projections;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Pulls the change feeds of the peers on a schedule (and at once on a peer's push hint) and applies their entries in
 * order, a page per transaction together with the peer's cursor: the signature checks here, then in
 * {@code replica_receive} (R__federation.sql) the record's rows ({@code replica_apply}), its change log entry (which
 * carries the owner's node ID) and its owner ({@code replica}), then every projection, as for a local change. So a
 * node stopped mid-batch resumes after the last page it applied, with nothing applied twice and nothing skipped. A
 * full page (a backlog: a node bootstrapping, or back after a while) leaves the projections to one rebuild at the
 * end of the pull. An entry is refused (logged, counted, kept in {@code federation_refusal}, nothing applied) if its
 * signature is bad or by an unknown key, if it is not the peer's own record or lies outside the peer's scope, if it
 * goes back in version, or if its time is in the future by more than the tolerated clock skew. An entry whose record
 * refers to one not received yet (an adoption of a solution of a third node) waits, and the peer's later entries with
 * it, until the next pull.
 * <p>
 * A peer's feed also brings the records it relays (of nodes its description lists): each is checked against its
 * owner's keys and scope, kept as the owner signed it to be passed on in turn, and applied once per version whichever
 * way it comes first. A new peer starts from its snapshot, and every {@code snapshot-interval} each peer's snapshot
 * is compared with what came through it ({@link #reconcile}): what is missing or damaged is applied, what it no longer
 * lists is withdrawn, unless that would be more than {@code max-withdrawal-share} of it (refused).
 */
@Component
class Replication implements DisposableBean {

	private static final Log logger = LogFactory.getLog(Replication.class);

	private static final Set<String> KNOWN_TYPES = Set.of("ORGANIZATION", "SOLUTION", "ADOPTION",
			"CONFIRMATION");

	private static final JsonMapper JSON = JsonMapper.builder()
		.build();

	private final DatabaseClient db;

	private final TransactionalOperator transaction;

	private final ChangeLog changeLog;

	private final Projections projections;

	private final Peers peers;

	private final WebClient http;

	private final FederationProperties properties;

	private volatile Disposable schedule;

	/** Pulls asked for by push hints (a peer's node ID), between the scheduled ones. */
	private final Sinks.Many<String> hinted = Sinks.many()
		.multicast()
		.onBackpressureBuffer(256, false);

	/** The peers this instance asked for push hints since it started. */
	private final Set<String> subscribed = ConcurrentHashMap.newKeySet();

	private final String nodeId;

	private final Scope scope;

	Replication(DatabaseClient db, TransactionalOperator transaction, ChangeLog changeLog, Peers peers,
			FederationProperties properties, RegistryProperties registry,
			Projections projections) {
		this.projections = projections;
		this.nodeId = registry.nodeId();
		this.scope = Scope.parse(properties.scope());
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
		// whether peers exist (the write guard of a node of scope * depends on it) before the first pull
		peers.all().block(Duration.ofSeconds(30));
		// "" pulls every peer (the schedule; a tick while a pull runs is dropped), a node ID that peer (its push hint;
		// hints wait while a pull runs)
		schedule = Flux.merge(Flux.interval(Duration.ZERO, properties.pullInterval()).map(tick -> "")
				.onBackpressureDrop(), hinted.asFlux().onBackpressureBuffer(256,
						dropped -> { }, BufferOverflowStrategy.DROP_OLDEST))
			.concatMap(request -> (request.isEmpty() ? pullAll() : pullOne(request)).onErrorResume(ex -> {
				logger.warn("Federation pull failed: " + ex.getMessage());
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	/** Rebuilds the projections after a backlog, with a log line of how long it took. */
	private Mono<Void> rebuild(Peers.Peer peer) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return projections.rebuildEach(db, transaction)
				.doOnSuccess(done -> logger.info("Federation peer " + peer.nodeId() + ": projections rebuilt after a "
						+ "backlog in " + (System.nanoTime() - start) / 1_000_000 + " ms"));
		});
	}

	/** A peer's push hint: pull it now (after the pull that is running, if any). */
	void hint(String peer) {
		hinted.emitNext(peer, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100)));
	}

	private Mono<Void> pullOne(String peer) {
		return peers.all()
			.flatMapMany(Flux::fromIterable)
			.filter(known -> known.pulled() && known.nodeId().equals(peer))
			.concatMap(this::pull)
			.then();
	}

	/** Pulls every peer once (but those backing off after failures), until each is caught up or fails. */
	Mono<Void> pullAll() {
		return peers.all()
			.flatMapMany(Flux::fromIterable)
			.filter(peer -> peer.pulled() && peer.due())
			.concatMap(this::pull)
			.then();
	}

	private Mono<Void> pull(Peers.Peer known) {
		Mono<Peers.Peer> contacted = (known.keys().isEmpty() ? peers.contact(known) : Mono.just(known))
			.flatMap(peer -> subscribe(peer).thenReturn(peer));
		AtomicBoolean deferred = new AtomicBoolean();
		return contacted
			// a new peer starts from its snapshot; each is compared with its snapshot every snapshot-interval
			.flatMap(peer -> (snapshotDue(peer) ? reconcile(peer, deferred)
					: Mono.just(peer.cursor() == null ? ChangeFeed.START : peer.cursor()))
				.flatMap(cursor -> pages(peer, cursor, deferred)))
			// a backlog was applied without the projections (now, or by a pull that failed or an instance that
			// stopped before its end: projection_state says so): rebuild them once, as seeding does after a bulk load
			.flatMap(remaining -> db.sql("select exists (select 1 from projection_state where version = 0) as stale")
				.map(row -> Boolean.TRUE.equals(row.get("stale", Boolean.class)))
				.one()
				.flatMap(stale -> stale || deferred.get()
						? rebuild(known).thenReturn(remaining)
						: Mono.just(remaining)))
			.flatMap(remaining -> peers.attempted(known.nodeId(), null, remaining))
			.onErrorResume(ex -> {
				String reason = ex instanceof Peers.PeerFailure ? ex.getMessage()
						: "cannot read its feed: " + ex.getMessage();
				logger.warn("Federation peer " + known.nodeId() + ": " + reason);
				return peers.attempted(known.nodeId(), reason, null);
			});
	}

	/** The statement with this node's ID and scope bound ({@code :node}, {@code :prefixes}, {@code :ids}). */
	private DatabaseClient.GenericExecuteSpec scoped(String sql) {
		return db.sql(sql)
			.bind("node", nodeId)
			.bind("prefixes", scope.prefixArray())
			.bind("ids", scope.organizationArray());
	}

	/** Whether the peer's snapshot is to be compared now: a new peer, or the last comparison is older than the interval. */
	private boolean snapshotDue(Peers.Peer peer) {
		return peer.cursor() == null || peer.lastSnapshotAt() == null
				|| peer.lastSnapshotAt().plus(properties.snapshotInterval()).isBefore(OffsetDateTime.now());
	}

	/** What a snapshot lists: the feed's position it holds up to, and its records without events. */
	private record Listing(String position, ArrayNode records) {
	}

	/**
	 * Compares the peer's snapshot with what came from it: applies the records it lacks or has in an older or a
	 * damaged version (through the same checks as the feed's entries), withdraws the records it no longer lists, and
	 * (for a new peer) continues its feed from the snapshot's position. A snapshot that would withdraw more than
	 * {@code max-withdrawal-share} of the records received through the peer is refused, with nothing of it applied.
	 * Emits the cursor the feed continues from.
	 */
	private Mono<String> reconcile(Peers.Peer peer, AtomicBoolean deferred) {
		String from = peer.cursor() == null ? ChangeFeed.START : peer.cursor();
		return reconcile(peer, from, deferred)
			// a peer without a snapshot (an older version): its whole feed instead
			.onErrorResume(WebClientResponseException.NotFound.class,
					ex -> {
						logger.info("Federation peer " + peer.nodeId() + " has no snapshot; reading its feed from "
								+ from);
						return Mono.just(from);
					});
	}

	private Mono<String> reconcile(Peers.Peer peer, String from, AtomicBoolean deferred) {
		return listing(peer, "", null, JSON.createArrayNode())
			.flatMap(listing -> scoped("""
					select replica_compare(:peer, :records::jsonb, :node, :prefixes, :ids)::text as result""")
				.bind("peer", peer.nodeId())
				.bind("records", listing.records().toString())
				.map(row -> JSON.readTree(row.get("result", String.class)))
				.one()
				.flatMap(result -> {
					int withdrawals = result.path("withdraw").size();
					long held = result.path("held").asLong();
					if (withdrawals > 0 && withdrawals > properties.maxWithdrawalShare() * held) {
						String reason = ("its snapshot would withdraw %d of the %d records received through it (more "
								+ "than %s %%): nothing of it applied").formatted(withdrawals, held,
										NumberFormat.getInstance(Locale.ROOT)
											.format(properties.maxWithdrawalShare() * 100));
						logger.warn("Federation peer " + peer.nodeId() + ": " + reason);
						return db.sql("""
								with refusal as (insert into federation_refusal (peer, subject, reason)
								                 values (:peer, 'snapshot', :reason))
								update federation_peer set refused_count = refused_count + 1, last_snapshot_at = now()
								where node_id = :peer""")
							.bind("peer", peer.nodeId())
							.bind("reason", reason)
							.then()
							.thenReturn(from);
					}
					Map<String, Boolean> wanted = new HashMap<>();
					result.path("wanted").forEach(record -> wanted.put(record.path("type").asString() + "/"
							+ record.path("id").asString(), record.path("force").asBoolean(false)));
					if (wanted.size() >= properties.pageSize() || withdrawals > 0) {
						deferred.set(true);
					}
					long start = System.nanoTime();
					// records this node has exactly so (seeded on both from the same official data): only their owner
					// noted, nothing sent
					Mono<Void> noted = result.path("same").asLong() == 0 ? Mono.empty() : scoped("""
							select replica_note_same(:peer, :records::jsonb, :node, :prefixes, :ids)""")
						.bind("peer", peer.nodeId())
						.bind("records", listing.records().toString())
						.then();
					return noted.then(snapshotPages(peer, from, listing, wanted, deferred.get()))
						.doOnNext(whole -> logger.info("Federation peer " + peer.nodeId() + ": snapshot of "
								+ listing.records().size() + " records compared, " + result.path("same").asLong()
								+ " the same here, " + wanted.size() + " wanted, "
								+ withdrawals + " to withdraw; applied in " + (System.nanoTime() - start) / 1_000_000
								+ " ms" + (whole ? "" : " (one waits: the feed brings the rest)")))
						.flatMap(whole -> withdraw(peer, result.path("withdraw"))
							.then(db.sql("""
									update federation_peer set last_snapshot_at = now(),
									    cursor = case when :whole then coalesce(cursor, :position) else cursor end
									where node_id = :peer""")
								.bind("whole", whole)
								.bind("position", listing.position())
								.bind("peer", peer.nodeId())
								.then()))
						.then(db.sql("select coalesce(cursor, :start) as cursor from federation_peer where node_id = :peer")
							.bind("start", ChangeFeed.START)
							.bind("peer", peer.nodeId())
							.map(row -> row.get("cursor", String.class))
							.one());
				}));
	}

	/** Reads the snapshot's pages without events after the cursor: the first page's position and every record. */
	private Mono<Listing> listing(Peers.Peer peer, String after, String position,
			ArrayNode records) {
		return snapshotPage(peer, after, 1000, false).flatMap(page -> {
			String at = position == null ? page.path("position").asString(ChangeFeed.START) : position;
			page.path("records").forEach(record -> {
				ObjectNode listed = records.addObject();
				listed.put("type", record.path("type").asString(""));
				listed.put("id", record.path("id").asString(""));
				listed.put("node", record.path("node").asString(""));
				listed.put("version", record.path("version").asInt());
				listed.put("hash", record.path("hash").asString(""));
			});
			String next = page.path("next").asString(null);
			return next == null || page.path("records").isEmpty() ? Mono.just(new Listing(at, records))
					: listing(peer, next, at, records);
		});
	}

	/**
	 * Applies the wanted records of the snapshot's pages with events, a page per transaction; emits whether all were
	 * applied (false if one waits for a record it refers to: the feed brings the rest). The pages are read from just
	 * before the next wanted record, as the listing orders them: a run of records this node has already (the
	 * organizations seeded alike on both, or nearly everything when a snapshot repairs a few) is not sent again.
	 */
	private Mono<Boolean> snapshotPages(Peers.Peer peer, String from, Listing listing, Map<String, Boolean> wanted,
			boolean deferProjections) {
		List<String> listed = new ArrayList<>(listing.records().size());
		listing.records().forEach(record -> listed.add(key(record)));
		Map<String, Integer> index = new HashMap<>();
		for (int i = 0; i < listed.size(); i++) {
			index.put(listed.get(i), i);
		}
		String start = before(listed, wanted, 0);
		if (start == null) {
			return Mono.just(true);
		}
		return snapshotPages(peer, from, checkedSnapshotPage(peer, start, wanted), listed, index, wanted,
				deferProjections);
	}

	/** A record's key as snapshots name it: {@code <TYPE>/<record ID>}, also the cursor after it. */
	private static String key(JsonNode record) {
		return record.path("type").asString("") + "/" + record.path("id").asString("");
	}

	/**
	 * The cursor after which a page starts with the first wanted record at or after {@code from} in the listing's
	 * order ("" from the snapshot's beginning), or null if none follows.
	 */
	private static String before(List<String> listed, Map<String, Boolean> wanted, int from) {
		for (int i = from; i < listed.size(); i++) {
			if (wanted.containsKey(listed.get(i))) {
				return i == 0 ? "" : listed.get(i - 1);
			}
		}
		return null;
	}

	/**
	 * A page as read and checked: its JSON, and its entries as {@code replica_receive} takes them (the signatures
	 * checked, serialized), or null if it has none to apply.
	 */
	private record CheckedPage(JsonNode page, String entries) {
	}

	/** The snapshot's page after the cursor, with the entries of its wanted records checked. */
	private Mono<CheckedPage> checkedSnapshotPage(Peers.Peer peer, String after, Map<String, Boolean> wanted) {
		return snapshotPage(peer, after, properties.pageSize(), true).flatMap(page -> {
			List<JsonNode> events = new ArrayList<>();
			page.path("records").forEach(record -> {
				if (wanted.containsKey(key(record))) {
					events.add(record.path("event"));
				}
			});
			if (events.isEmpty()) {
				return Mono.just(new CheckedPage(page, null));
			}
			return known(peer, events)
				.flatMap(known -> entries(peer, known, events, entries -> {
					// a snapshot's record moves no cursor, and comes again in the feed after the snapshot's position
					entries.forEach(entry -> ((ObjectNode) entry).putNull("position")
						.put("force", Boolean.TRUE.equals(wanted.get(key(entry)))));
				}))
				.map(entries -> new CheckedPage(page, entries));
		});
	}

	/**
	 * Applies the wanted records of the fetched page while the next one is read and checked (the peer serves it,
	 * this node verifies its signatures on the other cores), and so on.
	 */
	private Mono<Boolean> snapshotPages(Peers.Peer peer, String from, Mono<CheckedPage> fetched, List<String> listed,
			Map<String, Integer> index, Map<String, Boolean> wanted, boolean deferProjections) {
		return fetched.flatMap(checked -> {
			Mono<Boolean> waiting = checked.entries() == null ? Mono.just(false)
					: receive(peer, from, checked.entries(), deferProjections);
			JsonNode records = checked.page().path("records");
			String next = checked.page().path("next").asString(null);
			if (next != null && !records.isEmpty()) {
				// a record the listing did not have (new since): the page after it; otherwise the next wanted one's
				Integer at = index.get(key(records.get(records.size() - 1)));
				next = at == null ? next : before(listed, wanted, at + 1);
			}
			if (next == null || records.isEmpty()) {
				return waiting.map(waits -> !waits);
			}
			return Mono.zip(waiting, checkedSnapshotPage(peer, next, wanted))
				.flatMap(applied -> applied.getT1() ? Mono.just(false)
						: snapshotPages(peer, from, Mono.just(applied.getT2()), listed, index, wanted,
								deferProjections));
		});
	}

	private Mono<JsonNode> snapshotPage(Peers.Peer peer, String after, int limit, boolean events) {
		return http.get()
			.uri(peer.url() + FederationRoutes.SNAPSHOT_PATH + "?limit=" + limit + "&except=" + nodeId + "&events="
					+ events + (after.isEmpty() ? "" : "&after=" + after))
			.retrieve()
			.bodyToMono(JsonNode.class)
			.timeout(Duration.ofSeconds(60));
	}

	/** Withdraws the records the peer no longer lists, in one transaction; the projections follow at the pull's end. */
	private Mono<Void> withdraw(Peers.Peer peer, JsonNode records) {
		if (records.isEmpty()) {
			return Mono.empty();
		}
		List<JsonNode> all = new ArrayList<>();
		records.forEach(all::add);
		return Flux.fromIterable(all)
			.concatMap(record -> db.sql("select replica_withdraw(:peer, :type, :id::uuid) as kept")
				.bind("peer", peer.nodeId())
				.bind("type", record.path("type").asString())
				.bind("id", record.path("id").asString())
				.map(row -> Optional.ofNullable(row.get("kept", String.class)))
				.one()
				.doOnNext(kept -> kept.ifPresentOrElse(
						reason -> logger.info("Federation peer " + peer.nodeId() + " no longer lists "
								+ record.path("type").asString() + " " + record.path("id").asString() + ", " + reason),
						() -> logger.info("Federation peer " + peer.nodeId() + " no longer lists "
								+ record.path("type").asString() + " " + record.path("id").asString() + ": withdrawn"))))
			.then(db.sql("update projection_state set version = 0").then())
			.as(transaction::transactional);
	}

	/** Applies pages until the feed has no more (emits 0) or an entry waits (emits -1: how many follow is not known). */
	private Mono<Long> pages(Peers.Peer peer, String cursor, AtomicBoolean deferred) {
		return pages(peer, cursor, checkedFeedPage(peer, cursor), deferred);
	}

	private Mono<JsonNode> feedPage(Peers.Peer peer, String cursor) {
		return http.get()
			.uri(peer.url() + FederationRoutes.FEED_PATH + "?limit=" + properties.pageSize() + "&after=" + cursor
					+ "&except=" + nodeId)
			.retrieve()
			.bodyToMono(JsonNode.class)
			// a peer that does not answer must not hold up the others (one pull at a time)
			.timeout(Duration.ofSeconds(60));
	}

	/** The feed's page after the cursor, with its entries checked. */
	private Mono<CheckedPage> checkedFeedPage(Peers.Peer peer, String cursor) {
		return feedPage(peer, cursor).flatMap(page -> {
			List<JsonNode> events = new ArrayList<>();
			page.path("events").forEach(events::add);
			return events.isEmpty() ? Mono.just(new CheckedPage(page, null))
					: known(peer, events).flatMap(known -> entries(peer, known, events, entries -> { }))
						.map(entries -> new CheckedPage(page, entries));
		});
	}

	/**
	 * Applies the fetched page after the cursor while the next one is read and checked, and so on.
	 */
	private Mono<Long> pages(Peers.Peer peer, String cursor, Mono<CheckedPage> fetched,
			AtomicBoolean deferred) {
		return fetched.flatMap(checked -> {
			List<JsonNode> events = new ArrayList<>();
			checked.page().path("events").forEach(events::add);
			if (events.isEmpty()) {
				return Mono.just(0L);
			}
			// a page that does not move on (or goes back) would be read again and again
			String next = checked.page().path("next").asString("");
			if (!ChangeFeed.isAfter(next, cursor) || events.stream()
				.anyMatch(event -> !ChangeFeed.isAfter(ChangeFeed.position(event), cursor))) {
				return Mono.error(new Peers.PeerFailure("its feed answered entries at or before " + cursor
						+ " for a page after it"));
			}
			// a full page: a backlog (a node bootstrapping, or back after a while). The projections then wait for a
			// rebuild at the end of the pull instead of following each page
			boolean backlog = events.size() >= properties.pageSize();
			if (backlog) {
				deferred.set(true);
			}
			// the next page starts where the cursor kept with this page will be: after its last entry (a short
			// page's next may lie beyond, at the end of the peer's feed)
			String last = ChangeFeed.position(events.get(events.size() - 1));
			return Mono.zip(receive(peer, cursor, checked.entries(), backlog), checkedFeedPage(peer, last))
				// waiting: how many entries follow is not known (-1)
				.flatMap(applied -> applied.getT1() ? Mono.just(-1L)
						: pages(peer, last, Mono.just(applied.getT2()), deferred));
		});
	}

	/**
	 * The nodes this node knows, with their keys, for checking the events: if one is signed with a key not known yet
	 * (the peer, or a node it relays, rotated its key; or a node it relays is new), after reading the peer's
	 * description again.
	 */
	private Mono<List<Peers.Peer>> known(Peers.Peer peer, List<JsonNode> events) {
		return peers.all().flatMap(known -> events.stream()
			.anyMatch(event -> keys(known, event.path("ozgnode").asString("")).stream()
				.noneMatch(key -> key.getKeyID() != null && key.getKeyID()
					.equals(NodeKeys.keyId(event.path(ChangeFeed.SIGNATURE).asString("")))))
				? peers.contact(peer).then(peers.all()) : Mono.just(known));
	}

	/** The keys of the event's owner as this node knows them: the peer's, or those of a node it relays. */
	private static List<JWK> keys(List<Peers.Peer> known, String owner) {
		return known.stream().filter(node -> node.nodeId().equals(owner)).findFirst().map(Peers.Peer::keys)
			.orElse(List.of());
	}

	/**
	 * The page as {@code replica_receive} takes it (JSON text), each entry with the reason the checks here refuse
	 * it, or null; {@code adjust} adds what the caller knows of them. Verifying the signatures and writing the JSON
	 * is CPU work: off the event loop, on every core.
	 */
	private Mono<String> entries(Peers.Peer peer, List<Peers.Peer> known, List<JsonNode> events,
			Consumer<ArrayNode> adjust) {
		// null is no element of a list: an accepted entry is checked as ""
		return OnEveryCore.map(events, event -> Optional.ofNullable(check(peer, known, event)).orElse(""))
			.map(refusals -> {
				ArrayNode entries = checkedEntries(peer, events, refusals);
				adjust.accept(entries);
				return entries.toString();
			});
	}

	private ArrayNode checkedEntries(Peers.Peer peer, List<JsonNode> events, List<String> checked) {
		ArrayNode entries = JSON.createArrayNode();
		for (int index = 0; index < events.size(); index++) {
			JsonNode event = events.get(index);
			String owner = event.path("ozgnode").asString("");
			ObjectNode entry = entries.addObject();
			entry.put("type", event.path("ozgentity").asString(""));
			entry.put("id", event.path("ozgentityid").asString(""));
			entry.put("version", event.path("ozgversion").asInt());
			entry.put("operation", event.path("ozgoperation").asString(""));
			entry.put("position", ChangeFeed.position(event));
			entry.put("node", owner);
			entry.put("event", event.path("id").asString(""));
			entry.put("subject", event.path("subject").asString(""));
			entry.set("data", event.path("data"));
			String refusal = checked.get(index).isEmpty() ? null : checked.get(index);
			if (refusal == null) {
				// kept as its owner signed it, to be passed on
				ObjectNode origin = ChangeFeed.signedPart((ObjectNode) event);
				origin.set(ChangeFeed.SIGNATURE, event.path(ChangeFeed.SIGNATURE));
				entry.set("origin", origin);
			}
			if (refusal == null && !KNOWN_TYPES.contains(entry.get("type").asString())) {
				refusal = "records of type " + entry.get("type").asString() + " are not exchanged";
			}
			entry.put("refusal", refusal);
		}
		return entries;
	}

	private Mono<Boolean> receive(Peers.Peer peer, String from, String entries,
			boolean deferProjections) {
		return scoped("select replica_receive(:peer, :entries::jsonb, :from, :node, :prefixes, :ids)::text as result")
			.bind("peer", peer.nodeId())
			.bind("entries", entries)
			.bind("from", from)
			.map(row -> JSON.readTree(row.get("result", String.class)))
			.one()
			.flatMap(result -> {
				result.path("refusals").forEach(refusal -> logger.warn("Federation peer " + peer.nodeId()
						+ ": refused " + refusal.path("event").asString() + " (" + refusal.path("subject").asString()
						+ "): " + refusal.path("reason").asString()));
				if (result.path("moved").asBoolean(false)) {
					// another instance on this database applied the page meanwhile: it goes on from there
					return Mono.just(true);
				}
				String waiting = result.path("waiting").asString(null);
				if (waiting != null) {
					logger.info("Federation peer " + peer.nodeId() + ": an entry waits, " + waiting);
				}
				if (deferProjections) {
					// until the rebuild at the end of the pull, the projections are stale (a start rebuilds them
					// too: version 0 is no projection's version)
					return db.sql("update projection_state set version = 0").then().thenReturn(waiting != null);
				}
				List<JsonNode> written = new ArrayList<>();
				result.path("written").forEach(written::add);
				return Flux.fromIterable(written)
					.concatMap(entry -> changeLog.projectReplica(entry.path("seq").asLong(),
							ChangeLog.EntityType.valueOf(entry.path("type").asString()),
							UUID.fromString(entry.path("id").asString()),
							ChangeLog.Operation.valueOf(entry.path("operation").asString())))
					.then(Mono.just(waiting != null));
			})
			.as(transaction::transactional);
	}

	/**
	 * The reason the entry cannot be the signed statement of its owner (the peer, or a node the peer relays), or
	 * null.
	 */
	private String check(Peers.Peer peer, List<Peers.Peer> known, JsonNode event) {
		if (!(event instanceof ObjectNode object) || !object.has(ChangeFeed.SIGNATURE)) {
			return "not signed";
		}
		String owner = event.path("ozgnode").asString("");
		boolean relayed = !owner.equals(peer.nodeId());
		if (relayed != event.has(ChangeFeed.RELAY)
				|| relayed && !peer.nodeId().equals(event.path(ChangeFeed.RELAY).asString())) {
			return "a record of node '" + owner + "', relayed by '" + event.path(ChangeFeed.RELAY).asString("")
					+ "', not by " + peer.nodeId();
		}
		if (owner.equals(nodeId)) {
			return "a record of this node (" + nodeId + "), sent back";
		}
		if (relayed && known.stream().noneMatch(node -> node.nodeId().equals(owner) && !node.keys().isEmpty())) {
			return "relayed from node '" + owner + "', which " + peer.nodeId() + " does not describe";
		}
		String bad = NodeKeys.verify(event.path(ChangeFeed.SIGNATURE).asString(),
				Canonical.bytes(ChangeFeed.signedPart(object)), keys(known, owner));
		if (bad != null) {
			return bad;
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
		String id = event.path("ozgentityid").asString("");
		try {
			UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return "no valid record ID";
		}
		if (!id.equals(event.path("data").path("id").asString(""))) {
			return "its data are of another record than " + id;
		}
		if (event.path("ozgversion").asInt(0) < 1) {
			return "no valid version";
		}
		try {
			ChangeLog.Operation.valueOf(event.path("ozgoperation").asString(""));
		}
		catch (IllegalArgumentException ex) {
			return "an unknown operation (" + event.path("ozgoperation").asString("") + ")";
		}
		return null;
	}

	/** Asks the peer (once per start) for push hints at this node's base URL, if it has one. */
	private Mono<Void> subscribe(Peers.Peer peer) {
		if (properties.baseUrl().isBlank() || subscribed.contains(peer.nodeId())) {
			return Mono.empty();
		}
		return http.post()
			.uri(peer.url() + PushHints.SUBSCRIBE_PATH)
			.bodyValue(Map.of("nodeId", nodeId, "url", properties.baseUrl()))
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

	@Override
	public void destroy() {
		if (schedule != null) {
			schedule.dispose();
		}
	}

}
