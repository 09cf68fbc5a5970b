package de.ozgregistry.statistics;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import de.ozgregistry.catalog.Catalog;
import de.ozgregistry.catalog.OzgService;
import de.ozgregistry.catalog.Themenfeld;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.Organizations;
import de.ozgregistry.solution.Solution;
import de.ozgregistry.solution.Solutions;

import de.ozgregistry.graphql.RegistryException;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import static de.ozgregistry.statistics.ExportTable.Column.date;
import static de.ozgregistry.statistics.ExportTable.Column.integer;
import static de.ozgregistry.statistics.ExportTable.Column.key;
import static de.ozgregistry.statistics.ExportTable.Column.percent;
import static de.ozgregistry.statistics.ExportTable.Column.text;
import static de.ozgregistry.statistics.ExportTable.Column.yesNo;

/**
 * The statistics exports as tables: the columns of each export, with a name next to every key (region next to ARS,
 * OZG-Leistung next to OZG-ID, provider next to solution), and file names that say what is inside, e.g.
 * {@code ozg-abdeckung-10160-hundehaltung-laender-hessen-2026-12-01}. The arguments are checked by the caller.
 */
@Component
class ExportTables {

	/** How many solutions or OZG-Leistungen the ranking exports list. */
	static final int RANKING_ROWS = 100;

	private final Coverage coverage;

	private final Reports reports;

	private final Catalog catalog;

	private final Solutions solutions;

	private final Organizations organizations;

	private final Clock clock;

	private final DatabaseClient db;

	ExportTables(Coverage coverage, Reports reports, Catalog catalog, Solutions solutions,
			Organizations organizations, Clock clock, DatabaseClient db) {
		this.db = db;
		this.coverage = coverage;
		this.reports = reports;
		this.catalog = catalog;
		this.solutions = solutions;
		this.organizations = organizations;
		this.clock = clock;
	}

	/**
	 * The adoptions of an organization, of a solution, or of a Land's organizations (exactly one of them), every
	 * status, each with the date its status took effect, its OZG-Leistungen and where the record came from (its source,
	 * so that illustrative and imported adoptions are told apart).
	 */
	Mono<ExportTable> adoptions(UUID organization, UUID solution, String land) {
		Mono<String> subject = organization != null
				? this.organizations.byId(organization).map(Organization::name)
					.switchIfEmpty(Mono.error(RegistryException.invalid("organization", "unknown",
							"No organization with the ID " + organization + ".")))
				: solution != null ? this.solutions.byId(solution).map(Solution::name)
					.switchIfEmpty(Mono.error(RegistryException.invalid("solution", "unknown",
							"No solution with the ID " + solution + ".")))
				: regionName(land);
		var spec = this.db.sql("""
				select a.id, o.name as organization, o.ars, s.name as solution, p.name as provider, a.status,
				       (select t.effective_date from adoption_status_transition t where t.adoption_id = a.id
				        order by t.seq desc limit 1) as since,
				       (select string_agg(x.ozg_id::text, ', ' order by x.ozg_id) from adoption_ozg_service x
				        where x.adoption_id = a.id) as ozg_ids,
				       a.operating_model, a.legal_path, a.confirmation_status, a.source
				from adoption a
				join organization o on o.id = a.organization_id
				join solution s on s.id = a.solution_id
				join organization p on p.id = s.provider_id
				where a.organization_id = coalesce(:organization, a.organization_id)
				  and a.solution_id = coalesce(:solution, a.solution_id)
				  and (cast(:land as text) is null or o.land_code = :land)
				order by o.name, s.name, a.id""");
		spec = organization == null ? spec.bindNull("organization", UUID.class) : spec.bind("organization", organization);
		spec = solution == null ? spec.bindNull("solution", UUID.class) : spec.bind("solution", solution);
		spec = land == null ? spec.bindNull("land", String.class) : spec.bind("land", land);
		Mono<List<Object[]>> rows = spec.map(row -> new Object[] { row.get("organization", String.class),
				row.get("ars", String.class), row.get("solution", String.class), row.get("provider", String.class),
				row.get("status", String.class), row.get("since", LocalDate.class), row.get("ozg_ids", String.class),
				row.get("operating_model", String.class), row.get("legal_path", String.class),
				row.get("confirmation_status", String.class), row.get("source", String.class),
				row.get("id", UUID.class).toString() })
			.all()
			.collectList();
		return Mono.zip(subject, rows).map(all -> {
			ExportTable.Builder table = new ExportTable.Builder(text("Organisation"), key("ARS"), text("Lösung"),
					text("Anbieter"), text("Status"), date("Status seit"), text("OZG-IDs"), text("Betriebsmodell"),
					text("Rechtsweg"), text("Bestätigung des Anbieters"), text("Quelle"), key("Übernahme-ID"));
			all.getT2().forEach(table::row);
			return table.build("Übernahmen", "ozg-uebernahmen", all.getT1(), LocalDate.now(this.clock).toString());
		});
	}

	/** Coverage of one OZG-Leistung per Land, Kreis or Gemeinde. */
	Mono<ExportTable> coverage(int ozgId, Coverage.Level level, String within, LocalDate at) {
		return Mono.zip(this.coverage.of(ozgId, level, within, at), ozgService(ozgId), regionName(within))
			.map(all -> {
				ExportTable.Builder table = new ExportTable.Builder(key("ARS"), text("Region"), integer("Gemeinden"),
						integer("Gemeinden mit Leistung"), percent("Anteil Gemeinden"), integer("Einwohner"),
						integer("Einwohner mit Leistung"), percent("Anteil Einwohner"), yesNo("flächendeckend"));
				for (CoverageRow row : all.getT1()) {
					table.row(row.region().ars(), row.region().name(), row.municipalityCount(),
							row.coveredMunicipalities(), row.municipalityShare(), row.population(),
							row.populationCovered(), row.populationShare(), row.flaechendeckend());
				}
				return table.build("Abdeckung " + ozgId, "ozg-abdeckung", String.valueOf(ozgId), all.getT2().name(),
						levelWord(level), all.getT3(), at.toString());
			});
	}

	/** Today's coverage of a Themenfeld per Land or Kreis: the mean over its OZG-Leistungen. */
	Mono<ExportTable> themenfeldCoverage(int themenfeld, Coverage.Level level, String within) {
		return Mono.zip(this.coverage.ofThemenfeld(themenfeld, level, within), themenfeldWords(themenfeld),
				regionName(within))
			.map(all -> {
				ExportTable.Builder table = new ExportTable.Builder(key("ARS"), text("Region"),
						integer("OZG-Leistungen"), integer("Gemeinden"), integer("Einwohner"),
						percent("mittlerer Anteil Gemeinden"), percent("mittlerer Anteil Einwohner"),
						integer("flächendeckend verfügbar"));
				for (ThemenfeldCoverageRow row : all.getT1()) {
					table.row(row.region().ars(), row.region().name(), row.ozgServices(), row.municipalityCount(),
							row.population(), row.municipalityShare(), row.populationShare(), row.flaechendeckend());
				}
				return table.build("Abdeckung Themenfeld " + themenfeld, "ozg-abdeckung", all.getT2(),
						levelWord(level), all.getT3(), LocalDate.now(clock).toString());
			});
	}

	/** Coverage at the end of every month or quarter, of one OZG-Leistung or of any ({@code ozgId} null). */
	Mono<ExportTable> timeline(Integer ozgId, String within, LocalDate from, LocalDate to, String interval) {
		Mono<String> subject = (ozgId == null) ? Mono.just("alle-leistungen")
				: ozgService(ozgId).map(service -> ozgId + "-" + service.name());
		return Mono.zip(this.reports.timeline(ozgId, within, from, to, interval), subject, regionName(within))
			.map(all -> {
				ExportTable.Builder table = new ExportTable.Builder(date("Datum"), integer("Gemeinden"),
						integer("Gemeinden mit Leistung"), percent("Anteil Gemeinden"), integer("Einwohner"),
						integer("Einwohner mit Leistung"), percent("Anteil Einwohner"),
						integer("Paare Gemeinde-Leistung"));
				for (Reports.TimelinePoint point : all.getT1()) {
					table.row(point.date(), point.municipalityCount(), point.coveredMunicipalities(),
							point.municipalityShare(), point.population(), point.populationCovered(),
							point.populationShare(), point.coveragePairs());
				}
				return table.build("Verlauf", "ozg-verlauf", all.getT2(),
						"QUARTER".equals(interval) ? "quartale" : "monate", all.getT3(), from.toString(), "bis",
						to.toString());
			});
	}

	/** Per Themenfeld: OZG-Leistungen available flächendeckend, partly or nowhere in a region. */
	Mono<ExportTable> regionReport(String within, LocalDate at) {
		return Mono.zip(this.reports.themenfelder(within, at), themenfelder(), regionName(within)).map(all -> {
			ExportTable.Builder table = new ExportTable.Builder(integer("Themenfeld-Nr."), text("Themenfeld"),
					integer("OZG-Leistungen"), integer("flächendeckend"), integer("teilweise"),
					integer("nicht verfügbar"));
			for (Reports.ThemenfeldCoverage row : all.getT1()) {
				table.row(row.themenfeld(), all.getT2().get(row.themenfeld()).name(), row.ozgServices(),
						row.flaechendeckend(), row.partly(), row.none());
			}
			return table.build("Stand je Themenfeld", "ozg-stand-je-themenfeld", all.getT3(), at.toString());
		});
	}

	/** Solutions by live adopters or by population served, each with its provider. */
	Mono<ExportTable> topSolutions(String within, Integer themenfeld, LocalDate at, boolean byPopulation) {
		// each query once, however many of the parts below read its result
		Mono<List<Reports.SolutionUse>> uses = this.reports.topSolutions(within, themenfeld, at, byPopulation,
				RANKING_ROWS)
			.cache();
		Mono<Map<UUID, Solution>> solutionsById = uses.flatMap(list -> this.solutions
			.byIds(list.stream().map(Reports.SolutionUse::solutionId).toList())
			.collectMap(Solution::id))
			.cache();
		Mono<Map<UUID, Organization>> providers = solutionsById.flatMap(byId -> this.organizations
			.byIds(byId.values().stream().map(Solution::providerId).distinct().toList())
			.collectMap(Organization::id));
		return Mono.zip(uses, solutionsById, providers, themenfeldWords(themenfeld), regionName(within)).map(all -> {
			ExportTable.Builder table = new ExportTable.Builder(text("Lösung"), text("Anbieter"), key("Anbieter-ARS"),
					integer("Nutzer"), integer("abgedeckte Gemeinden"), integer("versorgte Einwohner"),
					key("Lösungs-ID"));
			for (Reports.SolutionUse use : all.getT1()) {
				Solution solution = all.getT2().get(use.solutionId());
				Organization provider = all.getT3().get(solution.providerId());
				table.row(solution.name(), (provider == null) ? null : provider.name(),
						(provider == null) ? null : provider.ars(), use.liveAdopters(), use.coveredMunicipalities(),
						use.populationServed(), solution.id().toString());
			}
			return table.build("Meistgenutzte Lösungen", "ozg-meistgenutzte-loesungen", all.getT4(),
					byPopulation ? "nach-einwohnern" : "nach-nutzern", all.getT5(), at.toString());
		});
	}

	/** OZG-Leistungen by independent solutions (providers) in live use. */
	Mono<ExportTable> duplication(String within, Integer themenfeld, LocalDate at) {
		Mono<List<Reports.Duplication>> entries = this.reports.duplication(within, themenfeld, at, RANKING_ROWS)
			.cache();
		Mono<Map<Integer, OzgService>> services = entries.flatMap(list -> list.isEmpty() ? Mono.just(Map.of())
				: this.catalog.ozgServices(list.stream().map(Reports.Duplication::ozgId).toList())
					.collectMap(OzgService::ozgId));
		return Mono.zip(entries, services, themenfelder(), themenfeldWords(themenfeld), regionName(within))
			.map(all -> {
				ExportTable.Builder table = new ExportTable.Builder(key("OZG-ID"), text("OZG-Leistung"),
						text("Themenfeld"), integer("Lösungen im Einsatz"), integer("unabhängige Anbieter"));
				for (Reports.Duplication entry : all.getT1()) {
					OzgService service = all.getT2().get(entry.ozgId());
					table.row(String.valueOf(entry.ozgId()), service.name(),
							all.getT3().get(service.themenfeld()).name(), entry.solutionsInUse(), entry.providers());
				}
				return table.build("Mehrfachentwicklungen", "ozg-mehrfachentwicklungen", all.getT4(), all.getT5(),
						at.toString());
			});
	}

	private Mono<OzgService> ozgService(int ozgId) {
		return this.catalog.ozgServices(List.of(ozgId)).next();
	}

	private Mono<Map<Integer, Themenfeld>> themenfelder() {
		return this.catalog.themenfelder().collect(Collectors.toMap(Themenfeld::number, Function.identity()));
	}

	/** {@code themenfeld-1-bauen-wohnen} for a Themenfeld, nothing for none. */
	private Mono<String> themenfeldWords(Integer themenfeld) {
		return (themenfeld == null) ? Mono.just("")
				: this.catalog.themenfeld(themenfeld).map(field -> "themenfeld-" + field.number() + "-" + field.name());
	}

	/** The name of the region an ARS prefix stands for: Deutschland, a Land, a Kreis, a Verband or a Gemeinde. */
	private Mono<String> regionName(String within) {
		if (within.isEmpty()) {
			return Mono.just("Deutschland");
		}
		String ars = (within + "000000000000").substring(0, 12);
		return this.organizations.byArs(ars, null).map(Organization::name).defaultIfEmpty(within);
	}

	private static String levelWord(Coverage.Level level) {
		return switch (level) {
			case STATE -> "laender";
			case DISTRICT -> "kreise";
			case MUNICIPALITY -> "gemeinden";
		};
	}

}
