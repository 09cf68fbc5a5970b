package de.ozgregistry.federation;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The peers this node pulls from ({@code federation_peer}): added by an admin (configuration or
 * {@code addFederationPeer}), contacted through their node description, which must name the expected node ID and
 * publish the pinned key (RFC 7638 thumbprint; pinned at the first contact if none was given). A peer URL that
 * resolves to a loopback, link-local or private address is refused unless {@code ozg.federation.allow-private-addresses}.
 */
@Component
class Peers {

	/** A node ID: lower-case letters, digits and hyphens, at most 63. */
	static final java.util.regex.Pattern NODE_ID = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	/** A node's base URL: http(s)://host[:port][/path], without a trailing slash. */
	static final java.util.regex.Pattern BASE_URL = java.util.regex.Pattern
		.compile("https?://[^\\s/]+(:\\d+)?(/[^\\s]*[^\\s/])?");

	/** A peer as this node knows it. */
	record Peer(String nodeId, String url, String fingerprint, List<JWK> keys, String cursor) {
	}

	private final DatabaseClient db;

	private final WebClient http;

	private final boolean allowPrivate;

	/** Whether this node has peers (so holds replicated records), as of the last look at the table. */
	private final java.util.concurrent.atomic.AtomicBoolean any = new java.util.concurrent.atomic.AtomicBoolean();

	Peers(DatabaseClient db, FederationProperties properties) {
		this.db = db;
		this.http = WebClient.create();
		this.allowPrivate = properties.allowPrivateAddresses();
	}

	/** Adds a peer (or changes its URL and pinned key); its records arrive with the next pull. */
	Mono<Void> add(String nodeId, String url, String fingerprint) {
		return checkAddress(url).then(db.sql("""
				insert into federation_peer (node_id, url, fingerprint) values (:node, :url, :fingerprint)
				on conflict (node_id) do update set url = excluded.url,
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
	 * Whether this node has (or had, at the last pull) peers: then it holds replicated records, whose local changes
	 * {@link Authority} refuses. Another instance's new peer is seen at this instance's next pull.
	 */
	boolean any() {
		return any.get();
	}

	Mono<List<Peer>> all() {
		return db.sql("select node_id, url, fingerprint, keys::text as keys, cursor from federation_peer order by node_id")
			.map(row -> new Peer(row.get("node_id", String.class), row.get("url", String.class),
					row.get("fingerprint", String.class), parseKeys(row.get("keys", String.class)),
					row.get("cursor", String.class)))
			.all()
			.collectList()
			.doOnNext(peers -> any.set(!peers.isEmpty()));
	}

	/**
	 * Reads the peer's node description and keeps its name, scope and keys: the description must name the peer's
	 * node ID and publish the pinned key. Fails with the reason otherwise.
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
				List<JWK> keys;
				try {
					keys = JWKSet.parse(description.path("jwks").toString()).getKeys();
				}
				catch (ParseException ex) {
					return Mono.error(new PeerFailure("its node description has no valid JWKS"));
				}
				if (keys.isEmpty()) {
					return Mono.error(new PeerFailure("its node description publishes no key"));
				}
				String pinned = peer.fingerprint() == null || peer.fingerprint().isEmpty() ? thumbprint(keys.get(0))
						: peer.fingerprint();
				if (peer.keys().isEmpty()) {
					// first contact: the pinned key must be there
					if (keys.stream().noneMatch(key -> thumbprint(key).equals(pinned))) {
						return Mono.error(new PeerFailure("its keys do not include the pinned key " + pinned));
					}
				}
				else if (!sameKeys(keys, peer.keys())) {
					// later (a key rotated): the new set must be signed by a key already trusted (jwksSignatures),
					// so a rotation with overlap goes through and a set swapped on the way does not
					byte[] content = Canonical.bytes(description.path("jwks"));
					List<String> signatures = textList(description.path("jwksSignatures"));
					if (signatures.stream().noneMatch(signature -> NodeKeys.verify(signature, content, peer.keys()) == null)) {
						return Mono.error(new PeerFailure("its new keys are not signed by a key it signed with before"));
					}
				}
				Scope scope;
				try {
					scope = Scope.parse(textList(description.path("scope")));
				}
				catch (IllegalArgumentException ex) {
					return Mono.error(new PeerFailure("its scope is not valid: " + ex.getMessage()));
				}
				return db.sql("""
						update federation_peer set name = :name, fingerprint = :fingerprint, keys = :keys::jsonb,
						    scope_prefixes = :prefixes, scope_ids = :ids where node_id = :node""")
					.bind("name", description.path("name").asString(peer.nodeId()))
					.bind("fingerprint", pinned)
					.bind("keys", new JWKSet(keys).toString(true))
					.bind("prefixes", scope.prefixArray())
					.bind("ids", scope.organizationArray())
					.bind("node", peer.nodeId())
					.then()
					.thenReturn(new Peer(peer.nodeId(), peer.url(), pinned, keys, peer.cursor()));
			});
	}

	/** Records the outcome of a pull attempt for the status. */
	Mono<Void> attempted(String nodeId, String error, Long remaining) {
		return db.sql("""
				update federation_peer set last_attempt_at = now(), last_error = nullif(:error, ''),
				    state = case when :error = '' then 'OK' else 'FAILING' end,
				    last_success_at = case when :error = '' then now() else last_success_at end,
				    lag_entries = case when :remaining >= 0 then :remaining end
				where node_id = :node""")
			.bind("node", nodeId)
			.bind("error", error == null ? "" : error)
			.bind("remaining", remaining == null ? -1L : remaining)
			.then();
	}

	/** Fails with the reason if the URL's host resolves to a loopback, link-local or private address (unless allowed). */
	Mono<Void> checkAddress(String url) {
		if (allowPrivate) {
			return Mono.empty();
		}
		return Mono.fromCallable(() -> {
			URI uri = URI.create(url);
			for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
				byte[] raw = address.getAddress();
				boolean uniqueLocal = raw.length == 16 && (raw[0] & 0xfe) == 0xfc;
				boolean sharedSpace = raw.length == 4 && (raw[0] & 0xff) == 100 && (raw[1] & 0xc0) == 64;
				if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
						|| address.isAnyLocalAddress() || uniqueLocal || sharedSpace) {
					throw new PeerFailure(uri.getHost() + " resolves to " + address.getHostAddress()
							+ ", a loopback, link-local, private or shared address (ozg.federation.allow-private-addresses)");
				}
			}
			return url;
		}).subscribeOn(Schedulers.boundedElastic()).onErrorMap(UnknownHostException.class,
				ex -> new PeerFailure("the host of " + url + " is unknown")).then();
	}

	private static boolean sameKeys(List<JWK> a, List<JWK> b) {
		return a.stream().map(Peers::thumbprint).collect(java.util.stream.Collectors.toSet())
			.equals(b.stream().map(Peers::thumbprint).collect(java.util.stream.Collectors.toSet()));
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
		List<String> values = new java.util.ArrayList<>();
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
