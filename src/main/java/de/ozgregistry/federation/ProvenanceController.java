package de.ozgregistry.federation;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.dataloader.DataLoader;
import reactor.core.publisher.Mono;

import de.ozgregistry.RegistryProperties;
import de.ozgregistry.provenance.Provenance;

import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Controller;

/**
 * {@code node}, {@code authoritative} and {@code receivedAt} of a {@code Provenance}: which node owns the record.
 * One statement per request for all provenances asked for ({@code replica}, and {@code record_owner} of
 * R__federation.sql for records this node holds but another owns).
 */
@Controller
class ProvenanceController {

	private static final String LOADER = "provenanceOwner";

	record Owner(FederationController.RegistryNode node, boolean authoritative, OffsetDateTime receivedAt) {
	}

	ProvenanceController(DatabaseClient db, RegistryProperties registry, FederationProperties properties,
			BatchLoaderRegistry loaders) {
		Scope scope = Scope.parse(properties.scope());
		boolean federated = !scope.prefixes().contains("") || !properties.peers().isEmpty();
		FederationController.RegistryNode self = new FederationController.RegistryNode(registry.nodeId(),
				properties.name(), properties.baseUrl().isBlank() ? null : properties.baseUrl(), scope.entries());
		Owner here = new Owner(self, true, null);
		loaders.forTypePair(Provenance.class, Owner.class).withName(LOADER).registerMappedBatchLoader((keys, env) -> {
			List<Provenance> records = keys.stream().filter(key -> key.entityId() != null).toList();
			Map<Provenance, Owner> owners = new HashMap<>();
			keys.forEach(key -> owners.put(key, here));
			if (records.isEmpty()) {
				return Mono.just(owners);
			}
			return db.sql("""
					select k.t, k.i, coalesce(r.node_id, %s) as owner, r.received_at, p.name, p.url,
					       p.scope_prefixes, p.scope_ids
					from unnest(:types::text[], :ids::uuid[]) k (t, i)
					left join replica r on r.entity_type = k.t and r.entity_id = k.i
					left join federation_peer p on p.node_id = coalesce(r.node_id, %s)""".formatted(
					federated ? "record_owner(k.t, k.i, :node, :prefixes, :scopeIds)" : "null",
					federated ? "record_owner(k.t, k.i, :node, :prefixes, :scopeIds)" : "null"))
				.bind("types", records.stream().map(Provenance::entityType).toArray(String[]::new))
				.bind("ids", records.stream().map(Provenance::entityId).toArray(UUID[]::new))
				.bind("node", registry.nodeId())
				.bind("prefixes", scope.prefixArray())
				.bind("scopeIds", scope.organizationArray())
				.map(row -> {
					String owner = row.get("owner", String.class);
					Owner result;
					if (owner == null) {
						result = here;
					}
					else if (owner.isEmpty()) {
						result = new Owner(null, false, null);
					}
					else {
						String[] prefixes = row.get("scope_prefixes", String[].class);
						UUID[] ids = row.get("scope_ids", UUID[].class);
						List<String> entries = new Scope(prefixes == null ? List.of() : List.of(prefixes),
								ids == null ? List.of() : List.of(ids)).entries();
						result = new Owner(new FederationController.RegistryNode(owner, row.get("name", String.class),
								row.get("url", String.class), entries), false,
								row.get("received_at", OffsetDateTime.class));
					}
					return Map.entry(row.get("t", String.class) + "/" + row.get("i", UUID.class), result);
				})
				.all()
				.collectMap(Map.Entry::getKey, Map.Entry::getValue)
				.map(byKey -> {
					records.forEach(key -> owners.put(key, byKey.getOrDefault(key.entityType() + "/" + key.entityId(),
							here)));
					return owners;
				});
		});
	}

	@SchemaMapping(typeName = "Provenance")
	CompletableFuture<FederationController.RegistryNode> node(Provenance provenance,
			DataLoader<Provenance, Owner> provenanceOwner) {
		return provenanceOwner.load(provenance).thenApply(Owner::node);
	}

	@SchemaMapping(typeName = "Provenance")
	CompletableFuture<Boolean> authoritative(Provenance provenance, DataLoader<Provenance, Owner> provenanceOwner) {
		return provenanceOwner.load(provenance).thenApply(Owner::authoritative);
	}

	@SchemaMapping(typeName = "Provenance")
	CompletableFuture<OffsetDateTime> receivedAt(Provenance provenance, DataLoader<Provenance, Owner> provenanceOwner) {
		return provenanceOwner.load(provenance).thenApply(Owner::receivedAt);
	}

}
