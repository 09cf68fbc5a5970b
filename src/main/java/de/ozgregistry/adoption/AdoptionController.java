package de.ozgregistry.adoption;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.catalog.Catalog;
import de.ozgregistry.changes.ChangeNotifications;
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
import de.ozgregistry.solution.Solution;
import de.ozgregistry.solution.Solutions;

import org.springframework.graphql.data.federation.EntityMapping;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

/** The adoption part of the schema, including the adoptions of organizations and of solutions. */
@Controller
public class AdoptionController {

	private static final String BY_ORGANIZATION = "adoptionsByOrganization";

	private static final String BY_SOLUTION = "adoptionsBySolution";

	/** Result of {@code recordAdoption}, {@code updateAdoptionStatus} and {@code confirmAdoption}. */
	public record AdoptionPayload(Adoption adoption) {
	}

	/** Input of {@code confirmAdoption}. */
	record ConfirmAdoptionInput(String adoptionId) {
	}

	private final Adoptions adoptions;

	private final AdoptionRecording recording;

	private final AdoptionImport importer;

	private final OpenPvogImport openPvog;

	private final Organizations organizations;

	private final Solutions solutions;

	private final Catalog catalog;

	private final ChangeNotifications notifications;

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private final de.ozgregistry.provenance.Provenances provenances;

	AdoptionController(Adoptions adoptions, AdoptionRecording recording, AdoptionImport importer,
			OpenPvogImport openPvog, Organizations organizations,
			Solutions solutions, Catalog catalog, ChangeNotifications notifications, BatchLoaderRegistry loaders,
			de.ozgregistry.provenance.Provenances provenances) {
		this.provenances = provenances;
		this.notifications = notifications;
		this.adoptions = adoptions;
		this.recording = recording;
		this.importer = importer;
		this.openPvog = openPvog;
		this.organizations = organizations;
		this.solutions = solutions;
		this.catalog = catalog;
		loaders.forTypePair(NestedPages.Key.class, Connection.class)
			.withName(BY_ORGANIZATION)
			.registerMappedBatchLoader((keys, env) -> (Mono) adoptions.byOrganizations(keys, null));
		// one loader per status filter, so that a page of organizations with their live adoptions is one statement
		for (AdoptionStatus status : AdoptionStatus.values()) {
			loaders.forTypePair(NestedPages.Key.class, Connection.class)
				.withName(BY_ORGANIZATION + ":" + status)
				.registerMappedBatchLoader((keys, env) -> (Mono) adoptions.byOrganizations(keys, status));
		}
		loaders.forTypePair(Adoptions.SolutionKey.class, Connection.class)
			.withName(BY_SOLUTION)
			.registerMappedBatchLoader((keys, env) -> (Mono) adoptions.bySolutions(keys));
	}

	/** Federation: adoptions by {@code id}, one statement for all representations. */
	@EntityMapping(name = "Adoption")
	Mono<List<Adoption>> adoptionEntities(List<Map<String, Object>> representations) {
		return Representations.resolve(representations, "id", Representations::id, adoptions::byIds, Adoption::id);
	}

	@QueryMapping
	Mono<Connection<Adoption>> adoptions(@Argument AdoptionFilter filter, @Argument Integer first,
			@Argument String after, DataFetchingEnvironment env) {
		return Mono.defer(() -> adoptions.list(filter, Page.of(first, after),
				env.getSelectionSet().contains("totalCount")));
	}

	@MutationMapping
	Mono<AdoptionPayload> recordAdoption(@Argument RecordAdoptionInput input, GraphQLContext context) {
		return recording.record(input, Actor.of(context)).map(AdoptionPayload::new);
	}

	/** Input of {@code importAdoptions}. */
	record ImportAdoptionsInput(String fileName, String content, boolean dryRun) {
	}

	/** Result of {@code importAdoptions}. */
	record ImportAdoptionsPayload(de.ozgregistry.imports.ImportReport report) {
	}

	@MutationMapping
	Mono<ImportAdoptionsPayload> importAdoptions(@Argument ImportAdoptionsInput input, GraphQLContext context) {
		return importer.run(input.fileName(), input.content(), input.dryRun(), Actor.of(context))
			.map(ImportAdoptionsPayload::new);
	}

	/** Input of {@code importOpenPvog}. */
	record ImportOpenPvogInput(String fileName, String content, boolean dryRun) {
	}

	/** Result of {@code importOpenPvog}. */
	record ImportOpenPvogPayload(de.ozgregistry.imports.ImportReport report,
			List<OpenPvogImport.UnmatchedHost> unmatchedHosts) {
	}

	@MutationMapping
	Mono<ImportOpenPvogPayload> importOpenPvog(@Argument ImportOpenPvogInput input, GraphQLContext context) {
		return openPvog.run(input.fileName(), input.content(), input.dryRun(), Actor.of(context))
			.map(result -> new ImportOpenPvogPayload(result.report(), result.unmatchedHosts()));
	}

	@MutationMapping
	Mono<AdoptionPayload> updateAdoptionStatus(@Argument UpdateAdoptionStatusInput input, GraphQLContext context) {
		return recording.updateStatus(input, Actor.of(context)).map(AdoptionPayload::new);
	}

	@MutationMapping
	Mono<AdoptionPayload> confirmAdoption(@Argument ConfirmAdoptionInput input, GraphQLContext context) {
		return recording.confirm(input.adoptionId(), "CONFIRMED", null, Actor.of(context)).map(AdoptionPayload::new);
	}

	/** Input of {@code disputeAdoption}. */
	record DisputeAdoptionInput(String adoptionId, String reason) {
	}

	@MutationMapping
	Mono<AdoptionPayload> disputeAdoption(@Argument DisputeAdoptionInput input, GraphQLContext context) {
		return recording.confirm(input.adoptionId(), "DISPUTED", input.reason(), Actor.of(context))
			.map(AdoptionPayload::new);
	}

	/** Filter of {@code adoptionChanged}. */
	record AdoptionChangedFilter(String solutionId, String organizationId) {
	}

	/** The schema's {@code AdoptionChange}. */
	record AdoptionChange(String operation, Adoption adoption) {
	}

	@SubscriptionMapping
	Flux<AdoptionChange> adoptionChanged(@Argument AdoptionChangedFilter filter) {
		java.util.UUID solution = (filter == null) ? null : Inputs.optionalId(filter.solutionId(), "filter.solutionId");
		java.util.UUID organization = (filter == null) ? null
				: Inputs.optionalId(filter.organizationId(), "filter.organizationId");
		return notifications.changes()
			.filter(change -> change.entityType().equals("ADOPTION"))
			.concatMap(change -> adoptions.byId(change.entityId()).map(a -> new AdoptionChange(change.operation(), a)))
			.filter(change -> (solution == null || solution.equals(change.adoption().solutionId()))
					&& (organization == null || organization.equals(change.adoption().organizationId())));
	}

	@SchemaMapping(typeName = "Organization", field = "adoptions")
	CompletableFuture<Connection<Adoption>> adoptionsOfOrganization(Organization organization,
			@Argument Integer first, @Argument String after, @Argument AdoptionStatus status,
			DataFetchingEnvironment env) {
		DataLoader<NestedPages.Key, Connection<Adoption>> loader = env
			.getDataLoader((status == null) ? BY_ORGANIZATION : BY_ORGANIZATION + ":" + status);
		return loader.load(NestedPages.Key.of(organization.id(), Page.of(first, after), env));
	}

	@SchemaMapping(typeName = "Solution", field = "adoptions")
	CompletableFuture<Connection<Adoption>> adoptionsOfSolution(Solution solution, @Argument Integer first,
			@Argument String after, @Argument AdoptionStatus status, @Argument String land,
			DataFetchingEnvironment env) {
		String landCode = Ars.landFilter(land, "land");
		DataLoader<Adoptions.SolutionKey, Connection<Adoption>> loader = env.getDataLoader(BY_SOLUTION);
		return loader.load(new Adoptions.SolutionKey(NestedPages.Key.of(solution.id(), Page.of(first, after), env),
				status, landCode));
	}

	@BatchMapping
	Mono<Map<Adoption, Organization>> organization(List<Adoption> list) {
		return organizations.byIds(list.stream().map(Adoption::organizationId).distinct().toList())
			.collectMap(Organization::id)
			.map(byId -> mapEach(list, a -> byId.get(a.organizationId())));
	}

	@BatchMapping
	Mono<Map<Adoption, Solution>> solution(List<Adoption> list) {
		return solutions.byIds(list.stream().map(Adoption::solutionId).distinct().toList())
			.collectMap(Solution::id)
			.map(byId -> mapEach(list, a -> byId.get(a.solutionId())));
	}

	@BatchMapping
	Mono<Map<Adoption, List<OzgService>>> ozgServices(List<Adoption> list) {
		return adoptions.ozgIdsOf(list.stream().map(Adoption::id).toList()).flatMap(byAdoption -> {
			List<Integer> all = byAdoption.values().stream().flatMap(Collection::stream).distinct().toList();
			Mono<Map<Integer, OzgService>> services = all.isEmpty() ? Mono.just(Map.of())
					: catalog.ozgServices(all).collectMap(OzgService::ozgId);
			return services.map(byOzgId -> mapEach(list,
					a -> byAdoption.getOrDefault(a.id(), List.of()).stream().map(byOzgId::get).toList()));
		});
	}

	@BatchMapping
	Mono<Map<Adoption, List<Adoption.StatusTransition>>> statusHistory(List<Adoption> list) {
		return adoptions.transitionsOf(list.stream().map(Adoption::id).toList())
			.collectMultimap(Adoption.StatusTransition::adoptionId)
			.map(byAdoption -> mapEach(list, a -> List.copyOf(byAdoption.getOrDefault(a.id(), List.of()))));
	}

	@SchemaMapping
	Mono<de.ozgregistry.provenance.Provenance> provenance(Adoption adoption) {
		return provenances.of(adoption.dataSourceId(), "ADOPTION", adoption.id());
	}

	@SchemaMapping
	Adoption.Confirmation confirmation(Adoption adoption) {
		return adoption.confirmation();
	}

	@BatchMapping(typeName = "ProviderConfirmation")
	Mono<Map<Adoption.Confirmation, Organization>> confirmedBy(List<Adoption.Confirmation> list) {
		return organizations.byIds(list.stream().map(Adoption.Confirmation::confirmedById).distinct().toList())
			.collectMap(Organization::id)
			.map(byId -> mapEach(list, c -> byId.get(c.confirmedById())));
	}

	private static <K, V> Map<K, V> mapEach(List<K> keys, java.util.function.Function<K, V> value) {
		Map<K, V> result = new HashMap<>();
		for (K key : keys) {
			V v = value.apply(key);
			if (v != null) {
				result.put(key, v);
			}
		}
		return result;
	}


}
