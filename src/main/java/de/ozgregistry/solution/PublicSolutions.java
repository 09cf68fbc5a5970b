package de.ozgregistry.solution;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.catalog.Catalog;
import de.ozgregistry.catalog.OzgService;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.Organizations;

import org.springframework.stereotype.Component;

/**
 * What anyone may know of a solution, the one definition the public exports (publiccode.yml, DCAT-AP) read: the
 * solution without its restricted fields (terms and costs, contact person), its provider (name, website, role
 * mailbox) and the OZG-Leistungen it covers. Every solution is public; only those two fields are not.
 */
@Component
public class PublicSolutions {

	private final Solutions solutions;

	private final Organizations organizations;

	private final Catalog catalog;

	PublicSolutions(Solutions solutions, Organizations organizations, Catalog catalog) {
		this.solutions = solutions;
		this.organizations = organizations;
		this.catalog = catalog;
	}

	/**
	 * A solution as the public sees it.
	 *
	 * @param solution the solution, its restricted fields {@code null}
	 * @param provider the organization that provides it
	 * @param ozgServices the OZG-Leistungen it covers, by OZG-ID
	 */
	public record PublicSolution(Solution solution, Organization provider, List<OzgService> ozgServices) {

		public PublicSolution {
			solution = new Solution(solution.id(), solution.name(), solution.summary(), solution.description(),
					solution.providerId(), solution.vendorId(), solution.maturity(), solution.reuseModel(),
					solution.legalPaths(), solution.licence(), solution.repositoryUrl(), solution.landingUrl(),
					solution.standards(), solution.urlPatterns(), solution.lifecycle(), solution.releaseVersion(), null, null,
					solution.usedByClaims(), solution.source(), solution.dataSourceId(), solution.registryNodeId(), solution.version(),
					solution.createdAt(), solution.updatedAt());
			ozgServices = List.copyOf(ozgServices);
		}

		/** Where the solution is found: its repository, else its landing page; {@code null} if neither is known. */
		public String url() {
			return Publiccode.url(solution.repositoryUrl(), solution.landingUrl());
		}

		/** The lifecycle as publiccode.yml's {@code developmentStatus}: concept, development, beta, stable, obsolete. */
		public String developmentStatus() {
			return Publiccode.DEVELOPMENT_STATUS.getOrDefault(solution.lifecycle(), "development");
		}

		/** The licence IDs the solution's SPDX expression names (empty without a licence). */
		public List<String> licenceIds() {
			return solution.licence() == null ? List.of() : Spdx.licenceIds(solution.licence());
		}

		/** The provider's role mailbox (public, unlike a solution's contact person), or {@code null}. */
		public String mailbox() {
			return provider.contactEmail();
		}

	}

	/** The solution with this ID as the public sees it, or empty. */
	public Mono<PublicSolution> byId(UUID id) {
		return solutions.byId(id).flatMap(solution -> of(List.of(solution)).next());
	}

	/** Every solution as the public sees it, by name; a constant number of queries however many there are. */
	public Flux<PublicSolution> all() {
		return solutions.all().collectList().flatMapMany(this::of);
	}

	private Flux<PublicSolution> of(List<Solution> list) {
		if (list.isEmpty()) {
			return Flux.empty();
		}
		List<UUID> ids = list.stream().map(Solution::id).toList();
		Mono<Map<UUID, Organization>> providers = organizations
			.byIds(list.stream().map(Solution::providerId).distinct().toList())
			.collectMap(Organization::id);
		Mono<Map<UUID, List<OzgService>>> services = solutions.ozgIdsOf(ids).flatMap(byId -> {
			List<Integer> ozgIds = byId.values().stream().flatMap(Collection::stream).distinct().toList();
			Mono<Map<Integer, OzgService>> byOzgId = ozgIds.isEmpty() ? Mono.just(Map.of())
					: catalog.ozgServices(ozgIds).collectMap(OzgService::ozgId);
			return byOzgId.map(known -> {
				Map<UUID, List<OzgService>> result = new HashMap<>();
				byId.forEach((solution, covered) -> result.put(solution,
						covered.stream().map(known::get).filter(Objects::nonNull).toList()));
				return result;
			});
		});
		return Mono.zip(providers, services)
			.flatMapMany(both -> Flux.fromIterable(list)
				.map(solution -> new PublicSolution(solution, both.getT1().get(solution.providerId()),
						both.getT2().getOrDefault(solution.id(), List.of()))));
	}

}
