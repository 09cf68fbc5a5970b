package de.ozgregistry.statistics;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

import reactor.core.publisher.Mono;

import de.ozgregistry.catalog.Catalog;
import de.ozgregistry.catalog.OzgService;
import de.ozgregistry.catalog.Themenfeld;
import de.ozgregistry.graphql.Page;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.Organizations;
import de.ozgregistry.solution.Solution;
import de.ozgregistry.solution.Solutions;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** Region report, timeline, top solutions and duplication index in the schema. */
@Controller
class ReportController {

	/** The schema's {@code RegionReport}. */
	record RegionReport(String within, LocalDate at, List<Reports.ThemenfeldCoverage> themenfelder,
			List<Reports.MaturityCount> maturity) {
	}

	/** The schema's {@code SolutionRanking} entry. */
	record TopSolution(Solution solution, int liveAdopters, int coveredMunicipalities, long populationServed) {
	}

	/** The schema's {@code DuplicationIndex} entry. */
	record DuplicationEntry(OzgService ozgService, int solutionsInUse, int providers) {
	}

	private static final int MAX_PERIODS = 240;

	private final Reports reports;

	private final StatisticsRequests requests;

	private final Organizations organizations;

	private final Catalog catalog;

	private final Solutions solutions;

	ReportController(Reports reports, StatisticsRequests requests, Organizations organizations, Catalog catalog,
			Solutions solutions) {
		this.reports = reports;
		this.requests = requests;
		this.organizations = organizations;
		this.catalog = catalog;
		this.solutions = solutions;
	}

	@QueryMapping
	Mono<List<Reports.TimelinePoint>> timeline(@Argument Integer ozgId, @Argument String within,
			@Argument LocalDate from, @Argument LocalDate to, @Argument String interval) {
		return Mono.defer(() -> {
			if (interval == null) {
				throw RegistryException.invalid("interval", "required",
						"interval must be MONTH or QUARTER; leave it out for MONTH.");
			}
			String region = StatisticsRequests.within(within);
			LocalDate end = requests.at(to);
			if (from.isAfter(end)) {
				throw RegistryException.invalid("from", "range", "from must not be after to.");
			}
			long periods = ChronoUnit.MONTHS.between(from.withDayOfMonth(1), end.withDayOfMonth(1))
					/ ("QUARTER".equals(interval) ? 3 : 1);
			if (periods >= MAX_PERIODS) {
				throw RegistryException.invalid("from", "range", "A timeline has at most " + MAX_PERIODS + " periods.");
			}
			Mono<Integer> ozg = (ozgId == null) ? Mono.just(-1) : requests.ozgId(ozgId);
			return ozg.flatMap(id -> reports.timeline(ozgId, region, from, end, interval));
		});
	}

	@QueryMapping
	Mono<RegionReport> regionReport(@Argument String within, @Argument LocalDate at) {
		return Mono.defer(() -> {
			String region = StatisticsRequests.within(within);
			LocalDate date = requests.at(at);
			return Mono.zip(reports.themenfelder(region, date), reports.maturity(region, date))
				.map(both -> new RegionReport(region, date, both.getT1(), both.getT2()));
		});
	}

	@SchemaMapping(typeName = "RegionReport")
	Mono<Organization> region(RegionReport report) {
		return regionOf(report.within());
	}

	@SchemaMapping(typeName = "ThemenfeldCoverage")
	Mono<Themenfeld> themenfeld(Reports.ThemenfeldCoverage coverage) {
		return catalog.themenfeld(coverage.themenfeld());
	}

	@QueryMapping
	Mono<List<TopSolution>> topSolutions(@Argument String within, @Argument Integer themenfeld, @Argument LocalDate at,
			@Argument String by, @Argument Integer first) {
		return Mono.defer(() -> {
			String region = StatisticsRequests.within(within);
			LocalDate date = requests.at(at);
			int limit = Page.of(first, null).first();
			return reports.topSolutions(region, themenfeld, date, "POPULATION".equals(by), limit)
				.flatMap(uses -> solutions.byIds(uses.stream().map(Reports.SolutionUse::solutionId).toList())
					.collectMap(Solution::id)
					.map(byId -> uses.stream()
						.map(u -> new TopSolution(byId.get(u.solutionId()), u.liveAdopters(), u.coveredMunicipalities(),
								u.populationServed()))
						.toList()));
		});
	}

	@QueryMapping
	Mono<List<DuplicationEntry>> duplicationIndex(@Argument String within, @Argument Integer themenfeld,
			@Argument LocalDate at, @Argument Integer first) {
		return Mono.defer(() -> {
			String region = StatisticsRequests.within(within);
			LocalDate date = requests.at(at);
			int limit = Page.of(first, null).first();
			return reports.duplication(region, themenfeld, date, limit).flatMap(entries -> {
				if (entries.isEmpty()) {
					return Mono.just(List.<DuplicationEntry>of());
				}
				return catalog.ozgServices(entries.stream().map(Reports.Duplication::ozgId).toList())
					.collectMap(OzgService::ozgId)
					.map(byId -> entries.stream()
						.map(e -> new DuplicationEntry(byId.get(e.ozgId()), e.solutionsInUse(), e.providers()))
						.toList());
			});
		});
	}

	/** The region a prefix stands for: the Bund (empty), a Land, a Kreis or a Gemeinde. */
	private Mono<Organization> regionOf(String within) {
		return switch (within.length()) {
			case 0 -> organizations.list(new de.ozgregistry.organization.OrganizationFilter(
					de.ozgregistry.organization.OrganizationKind.FEDERAL, null, null, null), null, Page.of(1, null), false)
				.mapNotNull(c -> c.edges().isEmpty() ? null : c.edges().get(0).node());
			case 2 -> organizations.byArs(within + "0000000000", de.ozgregistry.organization.OrganizationKind.STATE);
			case 5 -> organizations.byArs(within + "0000000", de.ozgregistry.organization.OrganizationKind.DISTRICT);
			case 9 -> organizations.byArs(within + "000", de.ozgregistry.organization.OrganizationKind.MUNICIPAL_ASSOCIATION);
			default -> organizations.byArs(within, null);
		};
	}


}
