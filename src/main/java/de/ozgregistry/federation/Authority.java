package de.ozgregistry.federation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Mono;

import de.ozgregistry.RegistryProperties;
import de.ozgregistry.changes.ChangeLog;
import de.ozgregistry.changes.WriteAuthority;
import de.ozgregistry.graphql.ErrorCode;
import de.ozgregistry.graphql.RegistryException;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * One writer per record: a local change of an organization outside this node's scope, of a solution whose provider
 * or an adoption whose adopter is outside it, or of any record replicated from a peer, fails with
 * {@code NOT_AUTHORITATIVE} (naming the owning node where known) and changes nothing. The rule is
 * {@code record_owner} in {@code R__federation.sql}. A node whose scope is everything ({@code *}) and that has no
 * peers (so no replicated records) skips the check.
 */
@Component
class Authority implements WriteAuthority {

	private final DatabaseClient db;

	private final String nodeId;

	private final Scope scope;

	private final boolean everything;

	private final Peers peers;

	Authority(DatabaseClient db, RegistryProperties registry, FederationProperties properties, Peers peers) {
		this.db = db;
		this.nodeId = registry.nodeId();
		this.scope = Scope.parse(properties.scope());
		this.everything = scope.prefixes().contains("") && properties.peers().isEmpty();
		this.peers = peers;
	}

	@Override
	public Mono<Void> check(ChangeLog.EntityType type, UUID id) {
		if (everything && !peers.any()) {
			return Mono.empty();
		}
		return db.sql("""
				select o.owner, p.url from (select record_owner(:type, :id, :node, :prefixes, :ids) as owner) o
				left join federation_peer p on p.node_id = o.owner""")
			.bind("type", type.name())
			.bind("id", id)
			.bind("node", nodeId)
			.bind("prefixes", scope.prefixArray())
			.bind("ids", scope.organizationArray())
			.map(row -> {
				Map<String, String> owner = new LinkedHashMap<>();
				String node = row.get("owner", String.class);
				if (node != null) {
					owner.put("node", node);
					String url = row.get("url", String.class);
					if (url != null) {
						owner.put("url", url);
					}
				}
				return owner;
			})
			.one()
			.flatMap(owner -> owner.isEmpty() ? Mono.empty() : Mono.error(notAuthoritative(type, owner)));
	}

	private RegistryException notAuthoritative(ChangeLog.EntityType type, Map<String, String> owner) {
		String node = owner.get("node");
		String what = switch (type) {
			case ORGANIZATION -> "This organization";
			case SOLUTION -> "This solution (its provider)";
			case ADOPTION -> "This adoption (its adopter)";
			case CONFIRMATION -> "A confirmation by this provider";
			default -> "This record";
		};
		Map<String, Object> extensions = new LinkedHashMap<>();
		String message;
		if (node.isEmpty()) {
			message = what + " is outside the scope of this registry node (" + nodeId
					+ "), and no known node is responsible for it.";
		}
		else {
			extensions.put("ownerNode", node);
			String url = owner.get("url");
			if (url != null) {
				extensions.put("ownerUrl", url);
			}
			message = what + " belongs to registry node " + node + (url != null ? " (" + url + ")" : "")
					+ ": change it there.";
		}
		return new RegistryException(ErrorCode.NOT_AUTHORITATIVE, message, extensions);
	}

}
