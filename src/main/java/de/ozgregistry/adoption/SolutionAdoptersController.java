package de.ozgregistry.adoption;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.solution.Solution;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

/**
 * A solution's adopters: its counts by status (the Nutzer are the live ones) and its use per Land or Kreis, all from
 * {@link Adopters}, loaded for a whole page of solutions at once.
 */
@Controller
class SolutionAdoptersController {

	private static final String COUNTS = "solutionAdopterCounts";

	private static final String BY_REGION = "solutionUseByRegion";

	private final Adopters adopters;

	/** The key of one solution's use at one level. */
	record RegionKey(UUID solutionId, Adopters.Level level) {
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	SolutionAdoptersController(Adopters adopters, BatchLoaderRegistry loaders) {
		this.adopters = adopters;
		loaders.forTypePair(UUID.class, Adopters.Counts.class)
			.withName(COUNTS)
			.registerMappedBatchLoader((keys, env) -> adopters.counts(keys));
		loaders.forTypePair(RegionKey.class, List.class)
			.withName(BY_REGION)
			.registerMappedBatchLoader((keys, env) -> (Mono) useByRegion(keys));
	}

	// adopterCounts, liveAdoptionCount and adoptionCount of a page of solutions share one loader: one statement
	@SchemaMapping(typeName = "Solution")
	CompletableFuture<List<Adopters.Count>> adopterCounts(Solution solution, DataFetchingEnvironment env) {
		return counts(solution, env).thenApply(Adopters.Counts::byStatus);
	}

	@SchemaMapping(typeName = "Solution")
	CompletableFuture<Integer> liveAdoptionCount(Solution solution, DataFetchingEnvironment env) {
		return counts(solution, env).thenApply(Adopters.Counts::live);
	}

	@SchemaMapping(typeName = "Solution")
	CompletableFuture<Integer> adoptionCount(Solution solution, DataFetchingEnvironment env) {
		return counts(solution, env).thenApply(Adopters.Counts::notDiscontinued);
	}

	private static CompletableFuture<Adopters.Counts> counts(Solution solution, DataFetchingEnvironment env) {
		DataLoader<UUID, Adopters.Counts> loader = env.getDataLoader(COUNTS);
		return loader.load(solution.id());
	}

	@SchemaMapping(typeName = "Solution")
	CompletableFuture<List<Adopters.RegionUse>> useByRegion(Solution solution, @Argument String level,
			DataFetchingEnvironment env) {
		DataLoader<RegionKey, List<Adopters.RegionUse>> loader = env.getDataLoader(BY_REGION);
		return loader.load(new RegionKey(solution.id(), Adopters.Level.of(level, "level")));
	}

	private Mono<Map<RegionKey, List<Adopters.RegionUse>>> useByRegion(Set<RegionKey> keys) {
		Map<Adopters.Level, List<RegionKey>> byLevel = new HashMap<>();
		keys.forEach(key -> byLevel.computeIfAbsent(key.level(), l -> new ArrayList<>()).add(key));
		return Flux.fromIterable(byLevel.entrySet())
			.concatMap(group -> adopters
				.byRegion(group.getValue().stream().map(key -> key.solutionId()).distinct().toList(), group.getKey())
				.map(bySolution -> {
					Map<RegionKey, List<Adopters.RegionUse>> result = new HashMap<>();
					group.getValue().forEach(key -> result.put(key, bySolution.get(key.solutionId())));
					return result;
				}))
			.collect(HashMap::new, Map::putAll);
	}

	@SchemaMapping(typeName = "SolutionRegionUse")
	List<Adopters.Count> adopterCounts(Adopters.RegionUse use) {
		return use.adopters().byStatus();
	}

}
