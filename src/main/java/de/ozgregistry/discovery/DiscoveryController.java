package de.ozgregistry.discovery;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import graphql.GraphQLContext;
import reactor.core.publisher.Mono;

import de.ozgregistry.adoption.AdoptionController.AdoptionPayload;
import de.ozgregistry.adoption.Adoptions;
import de.ozgregistry.catalog.Catalog;
import de.ozgregistry.catalog.OzgService;
import de.ozgregistry.graphql.Connection;
import de.ozgregistry.graphql.CoverageTopics;
import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.graphql.Page;
import de.ozgregistry.graphql.ReadTopics;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.organization.Ars;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.Organizations;
import de.ozgregistry.responsibility.AdministrativeLevel;
import de.ozgregistry.responsibility.Covers;
import de.ozgregistry.responsibility.ResponsibilityRule;
import de.ozgregistry.solution.Solution;
import de.ozgregistry.solution.SolutionController.PublishSolutionPayload;
import de.ozgregistry.solution.Solutions;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** Reuse options (and what already covers an organization), gaps and duplicate-work alerts in the schema (search: {@link SearchController}). */
@Controller
class DiscoveryController {

	/** A gap with its OZG-Leistung loaded, and why the organization is responsible for it. */
	record GapView(OzgService ozgService, List<AdministrativeLevel> levels, ResponsibilityRule responsibility,
			ReuseOption bestOption, int optionCount) {
	}

	/** A duplicate effort with its OZG-Leistung and solutions loaded. */
	record DuplicateEffortView(OzgService ozgService, int independentProviders, List<Solution> solutions) {
	}

	private final ReuseRanking ranking;

	private final Gaps gaps;

	private final DuplicateEfforts duplicates;

	private final Catalog catalog;

	private final Organizations organizations;

	private final Solutions solutions;

	private final Adoptions adoptions;

	private final ReadCache cache;

	private final Covers covers;

	private final CoverageTopics topics;

	DiscoveryController(ReuseRanking ranking, Gaps gaps, DuplicateEfforts duplicates, Catalog catalog,
			Organizations organizations, Solutions solutions, Adoptions adoptions, ReadCache cache, Covers covers,
			CoverageTopics topics, ReadTopics reads) {
		this.topics = topics;
		reads.declare("Query", "reuseOptions");
		this.cache = cache;
		this.covers = covers;
		this.ranking = ranking;
		this.gaps = gaps;
		this.duplicates = duplicates;
		this.catalog = catalog;
		this.organizations = organizations;
		this.solutions = solutions;
		this.adoptions = adoptions;
	}

	/**
	 * Options for an organization that has no live adoption covering it; none for one that is covered. Both read the
	 * adoptions that can cover the OZG-Leistung (and no others).
	 */
	@QueryMapping
	Mono<List<ReuseOption>> reuseOptions(@Argument String organization, @Argument int ozgId, @Argument Integer first,
			GraphQLContext context) {
		return Mono.defer(() -> {
			int limit = Page.of(first, null).first();
			Mono<Void> read = topics.ofOzgService(ozgId).doOnNext(told -> ReadTopics.read(context, told)).then();
			return read.then(cache.get(List.of("reuseOptions", organization, ozgId, limit),
					() -> organization(organization, "organization").flatMap(org -> covers.of(org, List.of(ozgId))
						.flatMap(covered -> covered.containsKey(ozgId) ? Mono.just(List.<ReuseOption>of())
								: ranking.rank(org, List.of(ozgId), solution -> true)
									.map(options -> options.getOrDefault(ozgId, List.of())
										.stream()
										.limit(limit)
										.toList())))));
		});
	}

	/** The live adoptions that cover the organization for the OZG-Leistung today, the most local first. */
	@QueryMapping
	Mono<List<Covers.Cover>> coveredBy(@Argument String organization, @Argument int ozgId) {
		return Mono.defer(() -> cache.get(List.of("coveredBy", organization, ozgId),
				() -> organization(organization, "organization")
					.flatMap(org -> covers.of(org, List.of(ozgId)))
					.map(covered -> covered.getOrDefault(ozgId, List.of()))));
	}

	@BatchMapping(typeName = "LiveCover", field = "organization")
	Mono<Map<Covers.Cover, Organization>> coverOrganization(List<Covers.Cover> list) {
		return organizations.byIds(list.stream().map(Covers.Cover::organizationId).distinct().toList())
			.collectMap(Organization::id)
			.map(byId -> {
				Map<Covers.Cover, Organization> result = new HashMap<>();
				list.forEach(cover -> result.put(cover, byId.get(cover.organizationId())));
				return result;
			});
	}

	@BatchMapping(typeName = "LiveCover", field = "solution")
	Mono<Map<Covers.Cover, Solution>> coverSolution(List<Covers.Cover> list) {
		return solutions.byIds(list.stream().map(Covers.Cover::solutionId).distinct().toList())
			.collectMap(Solution::id)
			.map(byId -> {
				Map<Covers.Cover, Solution> result = new HashMap<>();
				list.forEach(cover -> result.put(cover, byId.get(cover.solutionId())));
				return result;
			});
	}

	@QueryMapping(name = "gaps")
	Mono<Connection<GapView>> gaps(@Argument String organization, @Argument Integer first, @Argument String after) {
		return Mono.defer(() -> {
			Page page = Page.of(first, after);
			int offset = page.offset("gap");
			Mono<List<Gaps.Gap>> allGaps = cache.get(List.of("gaps", organization),
					() -> organization(organization, "organization").flatMap(gaps::of));
			return allGaps.flatMap(all -> {
				List<Gaps.Gap> slice = all.subList(Math.min(offset, all.size()), Math.min(offset + page.limit(), all.size()));
				if (slice.isEmpty()) {
					return Mono.just(Connection.<GapView>atOffset(List.of(), page.first(), offset, "gap", all.size()));
				}
				return catalog.ozgServices(slice.stream().map(Gaps.Gap::ozgId).toList())
					.collectMap(OzgService::ozgId)
					.map(services -> {
						List<GapView> views = slice.stream()
							.map(g -> new GapView(services.get(g.ozgId()), g.reason().levels(), g.reason().rule(),
									g.bestOption(), g.optionCount()))
							.toList();
						return Connection.atOffset(views, page.first(), offset, "gap", all.size());
					});
			});
		});
	}

	@QueryMapping
	Mono<Connection<DuplicateEffortView>> duplicateEfforts(@Argument DuplicateEfforts.DuplicateEffortFilter filter,
			@Argument Integer first, @Argument String after) {
		return Mono.defer(() -> {
			Page page = Page.of(first, after);
			int offset = page.offset("duplicates");
			Integer themenfeld = (filter == null) ? null : filter.themenfeld();
			String land = (filter == null) ? null : Ars.landFilter(filter.land(), "filter.land");
			int min = (filter == null || filter.minProviders() == null) ? 2 : filter.minProviders();
			if (min < 2) {
				throw RegistryException.invalid("filter.minProviders", "min", "Duplicates need at least 2 providers.");
			}
			return Mono.zip(duplicates.find(themenfeld, land, min, offset, page.limit()),
					duplicates.count(themenfeld, land, min))
				.flatMap(both -> {
					List<DuplicateEfforts.DuplicateEffort> efforts = both.getT1();
					List<UUID> solutionIds = efforts.stream().flatMap(e -> e.solutionIds().stream()).distinct().toList();
					List<Integer> ozgIds = efforts.stream().map(DuplicateEfforts.DuplicateEffort::ozgId).toList();
					if (efforts.isEmpty()) {
						return Mono.just(Connection.<DuplicateEffortView>atOffset(List.of(), page.first(), offset,
								"duplicates", both.getT2()));
					}
					return Mono.zip(catalog.ozgServices(ozgIds).collectMap(OzgService::ozgId),
							solutions.byIds(solutionIds).collectMap(Solution::id))
						.map(loaded -> {
							List<DuplicateEffortView> views = efforts.stream()
								.map(e -> new DuplicateEffortView(loaded.getT1().get(e.ozgId()), e.independentProviders(),
										e.solutionIds().stream().map(loaded.getT2()::get).toList()))
								.toList();
							return Connection.atOffset(views, page.first(), offset, "duplicates", both.getT2());
						});
				});
		});
	}

	/**
	 * Duplicate-work alert on publishing: solutions in production that others use live for the same
	 * OZG-Leistungen, ranked for the provider.
	 */
	@SchemaMapping(typeName = "PublishSolutionPayload")
	Mono<List<ReuseOption>> reuseCandidates(PublishSolutionPayload payload) {
		Solution published = payload.solution();
		return Mono.zip(organizations.byId(published.providerId()), solutions.ozgIdsOf(List.of(published.id())))
			.flatMap(both -> candidates(both.getT1(), both.getT2().getOrDefault(published.id(), List.of()),
					published));
	}

	/** Duplicate-work alert on adopting an own development: the established alternatives. */
	@SchemaMapping(typeName = "RecordAdoptionPayload", field = "reuseCandidates")
	Mono<List<ReuseOption>> adoptionReuseCandidates(AdoptionPayload payload) {
		return solutions.byId(payload.adoption().solutionId()).flatMap(solution -> {
			if (!"OWN_DEVELOPMENT".equals(solution.reuseModel())) {
				return Mono.just(List.<ReuseOption>of());
			}
			UUID adoption = payload.adoption().id();
			Mono<Collection<Integer>> ozgIds = adoptions.ozgIdsOf(List.of(adoption))
				.map(byAdoption -> byAdoption.getOrDefault(adoption, List.of()));
			return Mono.zip(organizations.byId(payload.adoption().organizationId()), ozgIds)
				.flatMap(both -> candidates(both.getT1(), both.getT2(), solution));
		});
	}

	private Mono<List<ReuseOption>> candidates(Organization organization, Collection<Integer> ozgIds, Solution own) {
		return ranking
			.rank(organization, ozgIds,
					s -> !s.id().equals(own.id()) && !s.providerId().equals(own.providerId())
							&& "PRODUCTION".equals(s.lifecycle()))
			.map(options -> {
				Map<UUID, ReuseOption> best = new LinkedHashMap<>();
				options.values()
					.stream()
					.flatMap(List::stream)
					.filter(option -> option.reasons().liveAdopters() > 0)
					.forEach(option -> best.merge(option.solution().id(), option,
							(a, b) -> (a.score() >= b.score()) ? a : b));
				return best.values()
					.stream()
					.sorted(java.util.Comparator.comparingDouble(ReuseOption::score).reversed())
					.limit(10)
					.toList();
			});
	}

	@SchemaMapping(typeName = "ReuseOption")
	Mono<OzgService> ozgService(ReuseOption option) {
		return catalog.ozgService(option.ozgId());
	}

	@BatchMapping(typeName = "LegalPathOption")
	Mono<Map<ReuseOption.LegalPathOption, Organization>> via(List<ReuseOption.LegalPathOption> options) {
		List<UUID> ids = options.stream()
			.map(ReuseOption.LegalPathOption::viaOrganizationId)
			.filter(Objects::nonNull)
			.distinct()
			.toList();
		if (ids.isEmpty()) {
			return Mono.just(Map.of());
		}
		return organizations.byIds(ids).collectMap(Organization::id).map(byId -> {
			Map<ReuseOption.LegalPathOption, Organization> result = new HashMap<>();
			options.stream()
				.filter(o -> o.viaOrganizationId() != null && byId.containsKey(o.viaOrganizationId()))
				.forEach(o -> result.put(o, byId.get(o.viaOrganizationId())));
			return result;
		});
	}

	private Mono<Organization> organization(String id, String field) {
		return organizations.byCurrentOrFormerId(Inputs.id(id, field))
			.switchIfEmpty(Mono.error(RegistryException.notFound(field, "No organization with this ID.")));
	}

}
