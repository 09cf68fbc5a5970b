package de.ozgregistry.solution;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.catalog.Catalog;
import de.ozgregistry.changes.ChangeNotifications;
import de.ozgregistry.catalog.LeikaService;
import de.ozgregistry.catalog.OzgService;
import de.ozgregistry.graphql.Connection;
import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.subgraph.Representations;
import de.ozgregistry.graphql.NestedPages;
import de.ozgregistry.graphql.Page;
import de.ozgregistry.organization.Ars;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.Organizations;
import de.ozgregistry.security.Actor;
import de.ozgregistry.security.Permissions;
import de.ozgregistry.provenance.Provenance;
import de.ozgregistry.provenance.Provenances;

import org.springframework.graphql.data.federation.EntityMapping;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

/** The solution part of the schema, including the solutions of OZG-Leistungen and of providers. */
@Controller
public class SolutionController {

	private static final String PROVIDED = "providedSolutions";

	private static final String COVERING = "solutionsCovering";

	/** Result of {@code publishSolution}. */
	public record PublishSolutionPayload(Solution solution) {
	}

	/** Result of {@code updateSolution}. */
	record UpdateSolutionPayload(Solution solution) {
	}

	private final Solutions solutions;

	private final SolutionPublishing publishing;

	private final Organizations organizations;

	private final Catalog catalog;

	private final Provenances provenances;

	private final ChangeNotifications notifications;

	@SuppressWarnings({ "unchecked", "rawtypes" })
	SolutionController(Solutions solutions, SolutionPublishing publishing, Organizations organizations,
			Catalog catalog, Provenances provenances, ChangeNotifications notifications, BatchLoaderRegistry loaders) {
		this.notifications = notifications;
		this.solutions = solutions;
		this.publishing = publishing;
		this.organizations = organizations;
		this.catalog = catalog;
		this.provenances = provenances;
		loaders.forTypePair(NestedPages.Key.class, Connection.class)
			.withName(PROVIDED)
			.registerMappedBatchLoader((keys, env) -> (Mono) solutions.providedBy(keys));
		loaders.forTypePair(NestedPages.Key.class, Connection.class)
			.withName(COVERING)
			.registerMappedBatchLoader((keys, env) -> (Mono) solutions.covering(keys));
	}

	@QueryMapping
	Mono<Connection<Solution>> solutions(@Argument SolutionFilter filter, @Argument Integer first,
			@Argument String after, DataFetchingEnvironment env) {
		return Mono.defer(() -> {
			if (filter != null) {
				Inputs.line(filter.name(), "filter.name", 200, false);
			}
			return solutions.list(filter, Page.of(first, after), env.getSelectionSet().contains("totalCount"));
		});
	}

	@QueryMapping
	Mono<Solution> solution(@Argument String id) {
		return Mono.defer(() -> solutions.byId(Inputs.id(id, "id")));
	}

	/** Federation: solutions by {@code id}, one statement for all representations. */
	@EntityMapping(name = "Solution")
	Mono<List<Solution>> solutionEntities(List<Map<String, Object>> representations) {
		return Representations.resolve(representations, "id", Representations::id, solutions::byIds, Solution::id);
	}

	@MutationMapping
	Mono<PublishSolutionPayload> publishSolution(@Argument PublishSolutionInput input, GraphQLContext context) {
		return publishing.publish(input, Actor.of(context)).map(PublishSolutionPayload::new);
	}

	@MutationMapping
	Mono<UpdateSolutionPayload> updateSolution(@Argument UpdateSolutionInput input, GraphQLContext context) {
		return publishing.update(input, Actor.of(context)).map(UpdateSolutionPayload::new);
	}

	/** Filter of {@code solutionPublished}. */
	record SolutionPublishedFilter(List<Integer> ozgIds, String land, Integer minMaturity) {
	}

	@SubscriptionMapping
	Flux<Solution> solutionPublished(@Argument SolutionPublishedFilter filter) {
		String land = (filter == null) ? null : Ars.landFilter(filter.land(), "filter.land");
		return notifications.changes()
			.filter(change -> change.entityType().equals("SOLUTION") && change.operation().equals("CREATE"))
			.concatMap(change -> solutions.byId(change.entityId()))
			.filter(solution -> filter == null || filter.minMaturity() == null
					|| (solution.maturity() != null && solution.maturity().level() >= filter.minMaturity()))
			.filterWhen(solution -> (filter == null || filter.ozgIds() == null || filter.ozgIds().isEmpty())
					? Mono.just(true)
					: solutions.ozgIdsOf(List.of(solution.id()))
						.map(covered -> covered.getOrDefault(solution.id(), List.of())
							.stream()
							.anyMatch(filter.ozgIds()::contains)))
			.filterWhen(solution -> (land == null) ? Mono.just(true)
					: organizations.byId(solution.providerId()).map(p -> land.equals(p.landCode())));
	}

	@SchemaMapping(typeName = "Organization")
	CompletableFuture<Connection<Solution>> providedSolutions(Organization organization, @Argument Integer first,
			@Argument String after, DataFetchingEnvironment env) {
		DataLoader<NestedPages.Key, Connection<Solution>> loader = env.getDataLoader(PROVIDED);
		return loader.load(NestedPages.Key.of(organization.id(), Page.of(first, after), env));
	}

	@SchemaMapping(typeName = "OzgService", field = "solutions")
	CompletableFuture<Connection<Solution>> solutionsOf(OzgService service, @Argument Integer first,
			@Argument String after, DataFetchingEnvironment env) {
		DataLoader<NestedPages.Key, Connection<Solution>> loader = env.getDataLoader(COVERING);
		return loader.load(NestedPages.Key.of(service.id(), Page.of(first, after), env));
	}

	@BatchMapping
	Mono<Map<Solution, Organization>> provider(List<Solution> list) {
		return organizationsOf(list, Solution::providerId);
	}

	@BatchMapping
	Mono<Map<Solution, Organization>> vendor(List<Solution> list) {
		return organizationsOf(list, Solution::vendorId);
	}

	private Mono<Map<Solution, Organization>> organizationsOf(List<Solution> list,
			java.util.function.Function<Solution, UUID> idOf) {
		List<UUID> ids = list.stream().map(idOf).filter(Objects::nonNull).distinct().toList();
		if (ids.isEmpty()) {
			return Mono.just(Map.of());
		}
		return organizations.byIds(ids).collectMap(Organization::id).map(byId -> {
			Map<Solution, Organization> result = new HashMap<>();
			for (Solution solution : list) {
				Organization organization = byId.get(idOf.apply(solution));
				if (organization != null) {
					result.put(solution, organization);
				}
			}
			return result;
		});
	}

	@BatchMapping
	Mono<Map<Solution, List<OzgService>>> ozgServices(List<Solution> list) {
		List<UUID> ids = list.stream().map(Solution::id).toList();
		return solutions.ozgIdsOf(ids).flatMap(ozgIdsBySolution -> {
			List<Integer> allOzgIds = ozgIdsBySolution.values().stream().flatMap(Collection::stream).distinct().toList();
			Mono<Map<Integer, OzgService>> services = allOzgIds.isEmpty() ? Mono.just(Map.of())
					: catalog.ozgServices(allOzgIds).collectMap(OzgService::ozgId);
			return services.map(byOzgId -> {
				Map<Solution, List<OzgService>> result = new HashMap<>();
				for (Solution solution : list) {
					result.put(solution, ozgIdsBySolution.getOrDefault(solution.id(), List.of())
						.stream()
						.map(byOzgId::get)
						.toList());
				}
				return result;
			});
		});
	}

	@BatchMapping
	Mono<Map<Solution, List<LeikaService>>> leikaServices(List<Solution> list) {
		List<UUID> ids = list.stream().map(Solution::id).toList();
		return solutions.leikaKeysOf(ids).flatMap(keysBySolution -> {
			List<String> allKeys = keysBySolution.values().stream().flatMap(Collection::stream).distinct().toList();
			Mono<Map<String, LeikaService>> services = allKeys.isEmpty() ? Mono.just(Map.of())
					: catalog.leikaServicesByKeys(allKeys).collectMap(LeikaService::key);
			return services.map(byKey -> {
				Map<Solution, List<LeikaService>> result = new HashMap<>();
				for (Solution solution : list) {
					result.put(solution,
							keysBySolution.getOrDefault(solution.id(), List.of()).stream().map(byKey::get).toList());
				}
				return result;
			});
		});
	}

	@SchemaMapping
	String termsAndCosts(Solution solution, GraphQLContext context) {
		return restricted(solution, solution.termsAndCosts(), context);
	}

	@SchemaMapping
	String contactPerson(Solution solution, GraphQLContext context) {
		return restricted(solution, solution.contactPerson(), context);
	}

	/** A restricted field: {@code null}, not an error, for those who may not see it. */
	private static String restricted(Solution solution, String value, GraphQLContext context) {
		return Permissions.mayReadRestricted(Actor.of(context), solution.providerId(), solution.vendorId()) ? value
				: null;
	}

	@SchemaMapping
	Mono<Provenance> provenance(Solution solution) {
		return provenances.of(solution.dataSourceId(), "SOLUTION", solution.id());
	}

}
