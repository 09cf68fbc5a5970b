package de.ozgregistry.relay;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.adoption.Adoption;
import de.ozgregistry.adoption.Adoptions;
import de.ozgregistry.catalog.Catalog;
import de.ozgregistry.catalog.LeikaService;
import de.ozgregistry.catalog.Lebenslage;
import de.ozgregistry.catalog.OzgService;
import de.ozgregistry.catalog.Themenfeld;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.Organizations;
import de.ozgregistry.solution.Solution;
import de.ozgregistry.solution.Solutions;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Finds objects by their global ID alone ({@code Query.node}). IDs are UUIDs, unique across the tables (random, or
 * name-based on a name that includes the type), so one statement over the tables of every {@code Node} type tells
 * which type each ID has (the first table in {@link #TYPES}' order, should two ever share one); each type's objects
 * are then read through its feature's batched lookup by IDs. A batch of IDs costs one statement plus one per type.
 */
@Component
class Nodes {

	/** The type of each ID that names an object. */
	static final String TYPES = """
			select id, 'Organization' as type from organization where id = any(:ids)
			union all select id, 'Solution' from solution where id = any(:ids)
			union all select id, 'Adoption' from adoption where id = any(:ids)
			union all select id, 'OzgService' from ozg_service where id = any(:ids)
			union all select id, 'LeikaService' from leika_service where id = any(:ids)
			union all select id, 'Themenfeld' from themenfeld where id = any(:ids)
			union all select id, 'Lebenslage' from lebenslage where id = any(:ids)""";

	private final DatabaseClient db;

	private final Map<String, Function<Collection<UUID>, Flux<?>>> lookups;

	private final Map<String, Function<Object, UUID>> ids;

	Nodes(DatabaseClient db, Organizations organizations, Solutions solutions, Adoptions adoptions, Catalog catalog) {
		this.db = db;
		this.lookups = Map.of("Organization", organizations::byIds, "Solution", solutions::byIds, "Adoption",
				adoptions::byIds, "OzgService", catalog::ozgServicesById, "LeikaService", catalog::leikaServicesById,
				"Themenfeld", wanted -> catalog.themenfelder().filter(t -> wanted.contains(t.id())), "Lebenslage",
				wanted -> catalog.lebenslagen().filter(l -> wanted.contains(l.id())));
		this.ids = Map.of("Organization", o -> ((Organization) o).id(), "Solution", o -> ((Solution) o).id(),
				"Adoption", o -> ((Adoption) o).id(), "OzgService", o -> ((OzgService) o).id(), "LeikaService",
				o -> ((LeikaService) o).id(), "Themenfeld", o -> ((Themenfeld) o).id(), "Lebenslage",
				o -> ((Lebenslage) o).id());
	}

	/** The objects with these IDs; IDs of no object are missing from the map. */
	Mono<Map<UUID, Object>> byIds(Set<UUID> wanted) {
		if (wanted.isEmpty()) {
			return Mono.just(Map.of());
		}
		return db.sql(TYPES)
			.bind("ids", wanted.toArray(UUID[]::new))
			.map(row -> Map.entry(row.get("id", UUID.class), row.get("type", String.class)))
			.all()
			.collectMultimap(Map.Entry::getValue, Map.Entry::getKey)
			.flatMapMany(byType -> Flux.fromIterable(byType.entrySet()))
			.flatMap(type -> lookups.get(type.getKey())
				.apply(List.copyOf(type.getValue()))
				.map(node -> Map.entry(ids.get(type.getKey()).apply(node), (Object) node)))
			.collect(HashMap::new, (map, node) -> map.putIfAbsent(node.getKey(), node.getValue()));
	}

}
