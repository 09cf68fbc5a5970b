package de.ozgregistry.federation;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import de.ozgregistry.RegistryProperties;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The peers this node pulls from ({@code federation_peer}): added by an admin (configuration or
 * {@code addFederationPeer}), contacted through their node description, which must name the expected node ID and
 * publish the pinned key (RFC 7638 thumbprint; pinned at the first contact if none was given). A peer URL that
 * resolves to a loopback, link-local or private address is refused unless {@code ozg.federation.allow-private-addresses}.
 * <p>
 * A peer's description also lists the nodes whose records it relays ({@code relays}), with their keys and scope as it
 * knows them: this node keeps them as relayed nodes ({@code via} the peer; not pulled), trusting the relay, which an
 * admin added, for a node it first hears of (as for a peer whose fingerprint was not given). Later, a relay's key set
 * for a node replaces the one here only if it adds a key and is signed by a key the node signed with before; the keys
 * of a peer pulled directly come only from its own description. So a relay can neither swap nor roll back the keys of
 * a node this one knows.
 */
@Component
class Peers {

	private static final Log logger = LogFactory.getLog(Peers.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A node ID: lower-case letters, digits and hyphens, at most 63. */
	static final Pattern NODE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	/** A node's base URL: http(s)://host[:port][/path], without a trailing slash. */
	static final Pattern BASE_URL = Pattern
		.compile("https?://[^\\s/]+(:\\d+)?(/[^\\s]*[^\\s/])?");

	/**
	 * A peer as this node knows it.
	 *
	 * @param via the peer that relays this node's records, or null for a peer pulled directly
	 * @param lastSnapshotAt when its snapshot was last compared with what came from it
	 * @param nextAttemptAt when a scheduled pull tries it again after failures (backoff), or null
	 */
	record Peer(String nodeId, String url, String fingerprint, List<JWK> keys, String cursor, String via,
			OffsetDateTime lastSnapshotAt, OffsetDateTime nextAttemptAt) {

		boolean pulled() {
			return via == null;
		}

		/** Whether a scheduled pull tries it now (not backing off after failures). */
		boolean due() {
			return nextAttemptAt == null || !nextAttemptAt.isAfter(OffsetDateTime.now());
		}

	}

	private final DatabaseClient db;

	private final WebClient http;

	private final boolean allowPrivate;

	private final String self;

	private final Duration pullInterval;

	/** Whether this node has peers (so holds replicated records), as of the last look at the table. */
	private final AtomicBoolean any = new AtomicBoolean();

	/**
	 * Metric {@code ozg.federation.lag.entries} per peer: its feed entries not yet pulled, as this instance's last
	 * pull of it found.
	 */
	private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();

	private final MeterRegistry meters;

	Peers(DatabaseClient db, FederationProperties properties, RegistryProperties registry, MeterRegistry meters) {
		this.db = db;
		this.meters = meters;
		this.self = registry.nodeId();
		this.pullInterval = properties.pullInterval();
		this.http = WebClient.create();
		this.allowPrivate = properties.allowPrivateAddresses();
	}

	/** Adds a peer (or changes its URL and pinned key); its records arrive with the next pull. */
	Mono<Void> add(String nodeId, String url, String fingerprint) {
		return checkAddress(url).then(db.sql("""
				insert into federation_peer (node_id, url, fingerprint) values (:node, :url, :fingerprint)
				on conflict (node_id) do update set url = excluded.url, via = null,
				    state = case when federation_peer.state = 'RELAYED' then 'NEW' else federation_peer.state end,
				    fingerprint = coalesce(nullif(excluded.fingerprint, ''), federation_peer.fingerprint),
				    -- a new pin is checked at the next contact, against keys read again
				    keys = case when nullif(excluded.fingerprint, '') is null then federation_peer.keys end""")
			.bind("node", nodeId)
			.bind("url", url)
			.bind("fingerprint", fingerprint == null ? "" : fingerprint.strip())
			.then()
			.doOnSuccess(done -> any.set(true)));
	}

	/**
	 * Removes a peer pulled directly, and the nodes it relayed (unless another peer relays them later). Emits whether
	 * there was one. The records received from it stay, read-only: their owner still writes them.
	 */
	Mono<Boolean> remove(String nodeId) {
		return db.sql("delete from federation_peer where node_id = :node and via is null")
			.bind("node", nodeId)
			.fetch()
			.rowsUpdated()
			.map(deleted -> deleted > 0)
			.doOnNext(deleted -> {
				if (lag.remove(nodeId) != null) {
					meters.find("ozg.federation.lag.entries").tag("peer", nodeId).meters().forEach(meters::remove);
				}
			});
	}

	/**
	 * Whether this node has (or had, at the last pull) peers: then it holds replicated records, whose local changes
	 * {@link Authority} refuses. Another instance's new peer is seen at this instance's next pull.
	 */
	boolean any() {
		return any.get();
	}

	Mono<List<Peer>> all() {
		return db.sql("""
				select node_id, url, fingerprint, keys::text as keys, cursor, via, last_snapshot_at, next_attempt_at
				from federation_peer order by node_id""")
			.map(row -> new Peer(row.get("node_id", String.class), row.get("url", String.class),
					row.get("fingerprint", String.class), parseKeys(row.get("keys", String.class)),
					row.get("cursor", String.class), row.get("via", String.class),
					row.get("last_snapshot_at", OffsetDateTime.class),
					row.get("next_attempt_at", OffsetDateTime.class)))
			.all()
			.collectList()
			.doOnNext(peers -> any.set(!peers.isEmpty()));
	}

	/**
	 * The nodes this node knows the keys of (its peers and the nodes they relay), as its description lists them for
	 * the nodes that read its feed: ID, name, URL, scope, keys and the signatures over the key set.
	 */
	Mono<List<Map<String, Object>>> relays() {
		return db.sql("""
				select node_id, url, name, scope_prefixes, scope_ids, keys::text as keys,
				       key_signatures::text as signatures
				from federation_peer where keys is not null order by node_id""")
			.map(row -> {
				Map<String, Object> node = new LinkedHashMap<>();
				node.put("nodeId", row.get("node_id", String.class));
				node.put("name", row.get("name", String.class));
				node.put("url", row.get("url", String.class));
				node.put("scope", new Scope(List.of(row.get("scope_prefixes", String[].class)),
						List.of(row.get("scope_ids", UUID[].class))).entries());
				node.put("jwks", JSON.readValue(row.get("keys", String.class), Map.class));
				String signatures = row.get("signatures", String.class);
				node.put("jwksSignatures", signatures == null ? List.of() : JSON.readValue(signatures, List.class));
				return node;
			})
			.all()
			.collectList();
	}

	/**
	 * Reads the peer's node description and keeps its name, scope, keys and the nodes it relays: the description
	 * must name the peer's node ID and publish the pinned key. Fails with the reason otherwise.
	 */
	Mono<Peer> contact(Peer peer) {
		return checkAddress(peer.url())
			.then(http.get()
				.uri(peer.url() + "/.well-known/ozg-registry")
				.retrieve()
				.bodyToMono(JsonNode.class)
				.timeout(Duration.ofSeconds(20)))
			.flatMap(description -> {
				String nodeId = description.path("nodeId").asString("");
				if (!nodeId.equals(peer.nodeId())) {
					return Mono.error(new PeerFailure("the node at " + peer.url() + " says it is '" + nodeId
							+ "', not '" + peer.nodeId() + "'"));
				}
				Accepted accepted;
				try {
					accepted = accept(description, peer.fingerprint(), peer.keys());
				}
				catch (PeerFailure ex) {
					return Mono.error(ex);
				}
				return keep(peer.nodeId(), description, accepted)
					.then(relayed(peer.nodeId(), description.path("relays")))
					.thenReturn(new Peer(peer.nodeId(), peer.url(), accepted.fingerprint(), accepted.keys(),
							peer.cursor(), null, peer.lastSnapshotAt(), peer.nextAttemptAt()));
			});
	}

	/** A node's keys, scope and pinned key as taken from a description (its own or a relay's entry for it). */
	private record Accepted(List<JWK> keys, String fingerprint, Scope scope) {
	}

	/**
	 * The keys and scope of a node description (or a relay's entry for a node), if they may be trusted: at the first
	 * contact the pinned key must be among the keys (none pinned: the first is); later a changed key set must be signed
	 * by a key already trusted (jwksSignatures), so that a rotation with overlap goes through and a set swapped on the
	 * way does not.
	 */
	private static Accepted accept(JsonNode description, String fingerprint, List<JWK> known) {
		List<JWK> keys;
		try {
			keys = JWKSet.parse(description.path("jwks").toString()).getKeys();
		}
		catch (ParseException ex) {
			throw new PeerFailure("its node description has no valid JWKS");
		}
		if (keys.isEmpty()) {
			throw new PeerFailure("its node description publishes no key");
		}
		String pinned = fingerprint == null || fingerprint.isEmpty() ? thumbprint(keys.get(0)) : fingerprint;
		if (known.isEmpty()) {
			if (keys.stream().noneMatch(key -> thumbprint(key).equals(pinned))) {
				throw new PeerFailure("its keys do not include the pinned key " + pinned);
			}
		}
		else if (!sameKeys(keys, known)) {
			byte[] content = Canonical.bytes(description.path("jwks"));
			if (textList(description.path("jwksSignatures")).stream()
				.noneMatch(signature -> NodeKeys.verify(signature, content, known) == null)) {
				throw new PeerFailure("its new keys are not signed by a key it signed with before");
			}
		}
		try {
			return new Accepted(keys, pinned, Scope.parse(textList(description.path("scope"))));
		}
		catch (IllegalArgumentException ex) {
			throw new PeerFailure("its scope is not valid: " + ex.getMessage());
		}
	}

	/** Keeps what was accepted of the node's description. */
	private Mono<Void> keep(String nodeId, JsonNode description, Accepted accepted) {
		return db.sql("""
				update federation_peer set name = :name, fingerprint = :fingerprint, keys = :keys::jsonb,
				    key_signatures = :signatures::jsonb, scope_prefixes = :prefixes, scope_ids = :ids
				where node_id = :node""")
			.bind("name", description.path("name").asString(nodeId))
			.bind("fingerprint", accepted.fingerprint())
			.bind("keys", new JWKSet(accepted.keys()).toString(true))
			.bind("signatures", description.path("jwksSignatures").isArray()
					? description.path("jwksSignatures").toString() : "[]")
			.bind("prefixes", accepted.scope().prefixArray())
			.bind("ids", accepted.scope().organizationArray())
			.bind("node", nodeId)
			.then();
	}

	/**
	 * Keeps the nodes the relay lists: a node not known yet as relayed by it; a new key of a relayed one only if the
	 * set is signed by its keys before (else the relay's entry is ignored, with a log line). A peer pulled directly is
	 * left as its own description says.
	 */
	private Mono<Void> relayed(String relay, JsonNode relays) {
		List<JsonNode> entries = new ArrayList<>();
		relays.forEach(entries::add);
		return all().flatMap(known -> Flux.fromIterable(entries)
			.filter(entry -> {
				String id = entry.path("nodeId").asString("");
				return NODE_ID.matcher(id).matches() && !id.equals(self) && !id.equals(relay)
						&& BASE_URL.matcher(entry.path("url").asString("")).matches();
			})
			.concatMap(entry -> {
				String id = entry.path("nodeId").asString();
				Peer existing = known.stream().filter(peer -> peer.nodeId().equals(id)).findFirst().orElse(null);
				Accepted accepted;
				try {
					accepted = accept(entry, existing == null ? null : existing.fingerprint(),
							existing == null ? List.of() : existing.keys());
				}
				catch (PeerFailure ex) {
					logger.warn("Federation: node " + id + " as relayed by " + relay + " not taken: " + ex.getMessage());
					return Mono.empty();
				}
				if (existing != null && (existing.pulled() || !existing.keys().isEmpty() && accepted.keys().stream()
					.allMatch(key -> existing.keys().stream().anyMatch(had -> thumbprint(had).equals(thumbprint(key)))))) {
					// a peer pulled directly: its own description says what it is and which keys it has. A relayed
					// node: only a key set with a new key (a rotation, signed by a key it had) replaces the one here;
					// an older set, which a relay that has not caught up still lists, does not bring back retired keys
					return Mono.empty();
				}
				return db.sql("""
						insert into federation_peer (node_id, url, via, state) values (:node, :url, :via, 'RELAYED')
						on conflict (node_id) do update set url = excluded.url, via = excluded.via""")
					.bind("node", id)
					.bind("url", entry.path("url").asString())
					.bind("via", relay)
					.then()
					.then(keep(id, entry, accepted));
			})
			.then());
	}

	/** Records the outcome of a pull attempt for the status. */
	Mono<Void> attempted(String nodeId, String error, Long remaining) {
		return db.sql("""
				update federation_peer set last_attempt_at = now(), last_error = nullif(:error, ''),
				    state = case when :error = '' then 'OK' else 'FAILING' end,
				    last_success_at = case when :error = '' then now() else last_success_at end,
				    lag_entries = case when :remaining >= 0 then :remaining end,
				    -- backoff: the pull interval, doubled with each failure in a row, at most ten minutes
				    failures = case when :error = '' then 0 else failures + 1 end,
				    next_attempt_at = case when :error <> '' then now() + make_interval(
				        secs => least(:interval * power(2, least(failures, 20)), greatest(:interval, 600))) end
				where node_id = :node""")
			.bind("node", nodeId)
			.bind("interval", (double) pullInterval.toMillis() / 1000)
			.bind("error", error == null ? "" : error)
			.bind("remaining", remaining == null ? -1L : remaining)
			.then()
			.doOnSuccess(done -> {
				if (remaining != null && remaining >= 0) {
					lag.computeIfAbsent(nodeId, peer -> meters.gauge("ozg.federation.lag.entries",
							Tags.of("peer", peer), new AtomicLong())).set(remaining);
				}
			});
	}

	/** Fails with the reason if the URL's host resolves to a loopback, link-local or private address (unless allowed). */
	Mono<Void> checkAddress(String url) {
		if (allowPrivate) {
			return Mono.empty();
		}
		return Mono.fromCallable(() -> {
			URI uri = URI.create(url);
			InetAddress address = PublicAddresses.firstPrivate(uri.getHost());
			if (address != null) {
				throw new PeerFailure(uri.getHost() + " resolves to " + address.getHostAddress()
						+ ", a loopback, link-local, private or shared address (ozg.federation.allow-private-addresses)");
			}
			return url;
		}).subscribeOn(Schedulers.boundedElastic()).onErrorMap(UnknownHostException.class,
				ex -> new PeerFailure("the host of " + url + " is unknown")).then();
	}

	private static boolean sameKeys(List<JWK> a, List<JWK> b) {
		return a.stream().map(Peers::thumbprint).collect(Collectors.toSet())
			.equals(b.stream().map(Peers::thumbprint).collect(Collectors.toSet()));
	}

	static String thumbprint(JWK key) {
		try {
			return key.computeThumbprint().toString();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<JWK> parseKeys(String json) {
		if (json == null) {
			return List.of();
		}
		try {
			return JWKSet.parse(json).getKeys();
		}
		catch (ParseException ex) {
			return List.of();
		}
	}

	private static List<String> textList(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach(value -> values.add(value.asString()));
		return values;
	}

	/** A peer that cannot be pulled from right now, with the reason (shown in its status). */
	static class PeerFailure extends RuntimeException {

		PeerFailure(String message) {
			super(message, null, false, false);
		}

	}

}
