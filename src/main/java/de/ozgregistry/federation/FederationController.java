package de.ozgregistry.federation;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import graphql.GraphQLContext;
import reactor.core.publisher.Mono;

import de.ozgregistry.RegistryProperties;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.security.Actor;
import de.ozgregistry.security.Permissions;
import de.ozgregistry.security.Role;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Controller;

/** {@code federation}, {@code addFederationPeer} and {@code rotateNodeKey}: for admins. */
@Controller
class FederationController {

	record Federation(RegistryNode node) {
	}

	record RegistryNode(String id, String name, String url, List<String> scope) {
	}

	record FederationPeer(String nodeId, String url, String name, String state, String via, String fingerprint,
			String lastCursor, Long lagEntries, OffsetDateTime lastSuccessAt, OffsetDateTime lastAttemptAt,
			OffsetDateTime nextAttemptAt, String lastError, long appliedCount, long refusedCount) {
	}

	record FederationRefusal(String eventId, String subject, String reason, OffsetDateTime refusedAt) {
	}

	record AddFederationPeerInput(String nodeId, String url, String fingerprint) {
	}

	private final DatabaseClient db;

	private final Peers peers;

	private final NodeKeys keys;

	private final RegistryNode node;

	FederationController(DatabaseClient db, Peers peers, NodeKeys keys, RegistryProperties registry,
			FederationProperties properties) {
		this.db = db;
		this.peers = peers;
		this.keys = keys;
		this.node = new RegistryNode(registry.nodeId(), properties.name(),
				properties.baseUrl().isBlank() ? null : properties.baseUrl(), Scope.parse(properties.scope()).entries());
	}

	@QueryMapping
	Federation federation(GraphQLContext context) {
		requireAdmin(context);
		return new Federation(node);
	}

	@SchemaMapping(typeName = "Federation")
	Mono<List<FederationPeer>> peers(Federation federation) {
		return db.sql("""
				select node_id, url, name, state, via, fingerprint, cursor, lag_entries, last_success_at,
				       last_attempt_at, next_attempt_at, last_error, applied_count, refused_count
				from federation_peer order by via nulls first, node_id""")
			.map(row -> new FederationPeer(row.get("node_id", String.class), row.get("url", String.class),
					row.get("name", String.class), row.get("state", String.class), row.get("via", String.class),
					row.get("fingerprint", String.class), row.get("cursor", String.class),
					row.get("lag_entries", Long.class), row.get("last_success_at", OffsetDateTime.class),
					row.get("last_attempt_at", OffsetDateTime.class), row.get("next_attempt_at", OffsetDateTime.class),
					row.get("last_error", String.class),
					row.get("applied_count", Long.class), row.get("refused_count", Long.class)))
			.all()
			.collectList();
	}

	@SchemaMapping(typeName = "FederationPeer")
	Mono<List<FederationRefusal>> refusals(FederationPeer peer, @Argument Integer first) {
		int limit = first == null ? 10 : first;
		if (limit < 0 || limit > 100) {
			return Mono.error(RegistryException.invalid("first", "range", "first: from 0 to 100."));
		}
		return db.sql("""
				select event_id, subject, reason, refused_at from federation_refusal where peer = :peer
				order by id desc limit :limit""")
			.bind("peer", peer.nodeId())
			.bind("limit", limit)
			.map(row -> new FederationRefusal(row.get("event_id", String.class), row.get("subject", String.class),
					row.get("reason", String.class), row.get("refused_at", OffsetDateTime.class)))
			.all()
			.collectList();
	}

	@MutationMapping
	Mono<Map<String, Object>> addFederationPeer(@Argument AddFederationPeerInput input, GraphQLContext context) {
		return Mono.defer(() -> {
			requireAdmin(context);
			if (!Peers.NODE_ID.matcher(input.nodeId()).matches()) {
				throw RegistryException.invalid("input.nodeId", "format",
						"A node ID: lower-case letters, digits and hyphens, at most 63.");
			}
			if (!Peers.BASE_URL.matcher(input.url()).matches()) {
				throw RegistryException.invalid("input.url", "format",
						"The peer's base URL, http(s)://host[:port][/path], without a trailing slash.");
			}
			return peers.add(input.nodeId(), input.url(), input.fingerprint())
				.onErrorMap(Peers.PeerFailure.class,
						ex -> RegistryException.invalid("input.url", "address", "Refused: " + ex.getMessage() + "."))
				.then(peers(null))
				.map(all -> all.stream().filter(peer -> peer.nodeId().equals(input.nodeId())).findFirst().orElseThrow())
				.map(peer -> Map.<String, Object>of("peer", peer));
		});
	}

	record RemoveFederationPeerInput(String nodeId) {
	}

	@MutationMapping
	Mono<Map<String, Object>> removeFederationPeer(@Argument RemoveFederationPeerInput input, GraphQLContext context) {
		return Mono.defer(() -> {
			requireAdmin(context);
			return peers.remove(input.nodeId()).map(removed -> {
				if (!removed) {
					throw RegistryException.notFound("input.nodeId",
							"No peer " + input.nodeId() + " is pulled by this node (a relayed node goes with its relay).");
				}
				return Map.<String, Object>of("nodeId", input.nodeId());
			});
		});
	}

	@MutationMapping
	Mono<Map<String, Object>> rotateNodeKey(GraphQLContext context) {
		return Mono.defer(() -> {
			requireAdmin(context);
			return keys.rotate().map(key -> Map.<String, Object>of("kid", key.getKeyID()));
		});
	}

	private static void requireAdmin(GraphQLContext context) {
		Actor actor = Actor.of(context);
		if (!actor.has(Role.ADMIN)) {
			throw Permissions.forbidden("The federation's status and peers are for admins of this registry node.");
		}
	}

}
