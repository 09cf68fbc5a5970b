package de.ozgregistry.adoption;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.solution.Solution;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

/**
 * A solution's adopters: its counts by status (the Nutzer are the live ones) and its use per Land or Kreis, all from
 * {@link Adopters}, loaded for a whole page of solutions at once.
 */
@Controller
class SolutionAdoptersController {

	private static final String BY_REGION = "solutionUseByRegion";

	private final Adopters adopters;

	/** The key of one solution's use at one level. */
	record RegionKey(Solution solution, Adopters.Level level) {
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	SolutionAdoptersController(Adopters adopters, BatchLoaderRegistry loaders) {
		this.adopters = adopters;
		loaders.forTypePair(RegionKey.class, List.class)
			.withName(BY_REGION)
			.registerMappedBatchLoader((keys, env) -> (Mono) useByRegion(keys));
	}

	@BatchMapping(typeName = "Solution")
	Mono<Map<Solution, List<Adopters.Count>>> adopterCounts(List<Solution> list) {
		return counts(list, Adopters.Counts::byStatus);
	}

	@BatchMapping(typeName = "Solution")
	Mono<Map<Solution, Integer>> liveAdoptionCount(List<Solution> list) {
		return counts(list, Adopters.Counts::live);
	}

	@BatchMapping(typeName = "Solution")
	Mono<Map<Solution, Integer>> adoptionCount(List<Solution> list) {
		return counts(list, Adopters.Counts::notDiscontinued);
	}

	private <V> Mono<Map<Solution, V>> counts(List<Solution> list, Function<Adopters.Counts, V> value) {
		return adopters.counts(list.stream().map(Solution::id).distinct().toList()).map(counts -> {
			Map<Solution, V> result = new HashMap<>();
			for (Solution solution : list) {
				result.put(solution, value.apply(counts.get(solution.id())));
			}
			return result;
		});
	}

	@SchemaMapping(typeName = "Solution")
	CompletableFuture<List<Adopters.RegionUse>> useByRegion(Solution solution, @Argument String level,
			DataFetchingEnvironment env) {
		DataLoader<RegionKey, List<Adopters.RegionUse>> loader = env.getDataLoader(BY_REGION);
		return loader.load(new RegionKey(solution, Adopters.Level.of(level, "level")));
	}

	private Mono<Map<RegionKey, List<Adopters.RegionUse>>> useByRegion(Set<RegionKey> keys) {
		Map<Adopters.Level, List<RegionKey>> byLevel = new HashMap<>();
		keys.forEach(key -> byLevel.computeIfAbsent(key.level(), l -> new ArrayList<>()).add(key));
		return Flux.fromIterable(byLevel.entrySet())
			.concatMap(group -> adopters
				.byRegion(group.getValue().stream().map(key -> key.solution().id()).distinct().toList(), group.getKey())
				.map(bySolution -> {
					Map<RegionKey, List<Adopters.RegionUse>> result = new HashMap<>();
					group.getValue().forEach(key -> result.put(key, bySolution.get(key.solution().id())));
					return result;
				}))
			.collect(HashMap::new, Map::putAll);
	}

	@SchemaMapping(typeName = "SolutionRegionUse")
	List<Adopters.Count> adopterCounts(Adopters.RegionUse use) {
		return use.adopters().byStatus();
	}

}
