package de.ozgregistry.statistics;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import reactor.core.publisher.Mono;

import de.ozgregistry.changes.ChangeLogEntry;
import de.ozgregistry.changes.Projection;
import de.ozgregistry.changes.Projections;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The derived tables of the statistics, as a projection of the change log (the rules and refresh functions are in
 * {@code R__statistics.sql}):
 * <ul>
 * <li>{@code adoption_reach} and {@code adoption_reach_service}: per adoption (and per its OZG-Leistung) its area and
 * live period; every report on any date reads them ({@link Reports}, {@link Coverage}).</li>
 * <li>{@code solution_reach}: the adopters, covered Gemeinden and inhabitants of each solution in Germany and in each
 * Land over time (a row per period in which they hold); the top solutions on any date read it
 * ({@link Reports#topSolutions}).</li>
 * <li>{@code coverage_step}: per Germany, Land and Kreis and per OZG-Leistung (and for any of them, and the pairs),
 * the covered Gemeinden and inhabitants over time as steps; coverage, the region report and the timeline of those
 * regions read it on any date ({@code coverage_on}).</li>
 * <li>{@code solution_use}: per Germany, Land and Kreis, OZG-Leistung and solution, the days the solution was in
 * live use there; the duplication index and the Reifegrad distribution count them ({@link Reports}).</li>
 * <li>{@code region_total}: Gemeinden and inhabitants per ARS prefix, the denominators of every share and the sizes
 * of the areas.</li>
 * </ul>
 * A change of an adoption rewrites the coverage steps of its Kreis, Land and Germany from the first day it touches
 * (only Germany's for a Land-level adoption, and for a Bund-level one none below it: the regions read wider areas
 * when they are read), and the rows of its solution for its OZG-Leistungen.
 */
@Component
class StatisticsProjection implements Projection {

	private final DatabaseClient db;

	StatisticsProjection(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public String name() {
		return "statistics";
	}

	@Override
	public int version() {
		// 2: solution_reach keeps its history (V14)
		return 2;
	}

	@Override
	public String migration() {
		return "R__statistics.sql";
	}

	@Override
	public List<String> tables() {
		return List.of("region_total", "adoption_reach", "adoption_reach_service", "coverage_step", "solution_use",
				"solution_reach");
	}

	@Override
	public Mono<Void> apply(ChangeLogEntry entry) {
		UUID[] ids = { entry.entityId() };
		return switch (entry.type()) {
			case ADOPTION -> switch (entry.operation()) {
				// confirming or disputing changes neither area nor live period
				case CONFIRM, DISPUTE -> Mono.empty();
				// adoption_reach, adoption_reach_service: the adoption's area and live period; from the first day it
				// is live differently than before, coverage_step, solution_use and solution_reach follow
				// under the lock before the first row (see lock())
				default -> lock().then(db.sql("select adoption_reach_refresh(:ids) as changed_from")
					.bind("ids", ids)
					.map(row -> Optional.ofNullable(row.get("changed_from", LocalDate.class)))
					.one()
					.flatMap(changedFrom -> changedFrom.isEmpty() ? Mono.empty()
							: db.sql("""
									select coverage_refresh(
									    array(select organization_area(o.kind, o.ars, o.land_code) from adoption a
									          join organization o on o.id = a.organization_id where a.id = any (:ids)),
									    array(select 0 union select ozg_id from adoption_ozg_service
									          where adoption_id = any (:ids)),
									    :from)""")
								.bind("ids", ids)
								.bind("from", changedFrom.get())
								.then()
								.then(db.sql("""
										select solution_use_refresh(array_agg(ao.ozg_id), array_agg(a.solution_id))
										from adoption a join adoption_ozg_service ao on ao.adoption_id = a.id
										where a.id = any (:ids)""")
									.bind("ids", ids)
									.then())
								.then(db.sql("""
										select solution_reach_refresh(
										    array(select solution_id from adoption where id = any (:ids)),
										    array(select organization_area(o.kind, o.ars, o.land_code) from adoption a
										          join organization o on o.id = a.organization_id where a.id = any (:ids)),
										    :from)""")
									.bind("ids", ids)
									.bind("from", changedFrom.get())
									.then())));
			};
			case ORGANIZATION -> populationChange(entry).flatMap(ars -> lock()
				.then(db.sql("select region_total_refresh(area_prefixes(:ars))").bind("ars", ars).then())
				// the Gemeinde's inhabitants in every step that covers it: all of its history
				.then(db.sql("""
						select coverage_refresh(array[:ars], array(select 0 union select ozg_id
						                                           from adoption_reach_service
						                                           where area = any (area_prefixes(:ars))), '-infinity')""")
					.bind("ars", ars)
					.then())
				// the reach of the solutions ever live there follows the new totals, all of its history
				.then(db.sql("""
						select solution_reach_refresh(array(select distinct solution_id from adoption_reach
						                                    where starts_with(:ars, area)), array[:ars], '-infinity')""")
					.bind("ars", ars)
					.then()));
			default -> Mono.empty();
		};
	}

	/**
	 * Serializes the changes of the statistics until the transaction ends: the shared rows (Germany's and the Länder's
	 * steps, a solution's use and reach, the region totals) are deleted and recomputed from what others wrote, so a
	 * second writer waits, and its statements (read committed) then see what the first committed. A writer takes it
	 * before its first row of these tables, and a rebuild before it deletes them ({@link Projections#lock}), so that
	 * neither waits for rows of the other while holding it (a writer that had written the rows of its adoption, then
	 * waited for a rebuild deleting them, was a deadlock). Changes that touch none of them (a new name) do not wait.
	 */
	private Mono<Void> lock() {
		return db.sql("select pg_advisory_xact_lock(:key)")
			.bind("key", Projections.lock(name()))
			.then();
	}

	/**
	 * The ARS of the Gemeinde the entry is about if it is new or its population differs from that of its previous
	 * entry; empty otherwise (a change of name or contact changes no statistic).
	 */
	private Mono<String> populationChange(ChangeLogEntry entry) {
		return db.sql("""
				select o.ars from organization o
				where o.id = :id and o.kind = 'MUNICIPALITY' and o.ars is not null
				  and o.population is distinct from (
				      select (c.snapshot ->> 'population')::int from change_log c
				      where c.entity_type = 'ORGANIZATION' and c.entity_id = o.id and c.seq < :seq
				      order by c.seq desc limit 1)""")
			.bind("id", entry.entityId())
			.bind("seq", entry.seq())
			.map(row -> row.get("ars", String.class))
			.one();
	}

	@Override
	public String rebuildStatement() {
		return "select statistics_rebuild()";
	}

}
