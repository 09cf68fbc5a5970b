package de.ozgregistry.discovery;

import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Mono;

import de.ozgregistry.changes.ChangeLogEntry;
import de.ozgregistry.changes.Projection;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The search index ({@code search_entry}) as a projection: one entry per OZG-Leistung, LeiKa-Leistung, solution and
 * organization, with its folded title, full-text document, official keys, facets and ranking prior. The refresh
 * functions are defined in {@code R__search.sql}; {@link Search} and {@link SearchAnswerSolutions} read the index.
 */
@Component
class SearchIndex implements Projection {

	private final DatabaseClient db;

	SearchIndex(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public String name() {
		return "search";
	}

	@Override
	public int version() {
		return 1;
	}

	@Override
	public String migration() {
		return "R__search.sql";
	}

	@Override
	public List<String> tables() {
		return List.of("search_entry");
	}

	@Override
	public Mono<Void> apply(ChangeLogEntry entry) {
		UUID[] ids = { entry.entityId() };
		return switch (entry.type()) {
			// name, designation, keys and population (the prior) of the organization; its name is in the entries of
			// the solutions it provides
			case ORGANIZATION -> run("select search_refresh_organizations(:ids)", ids).then(run("""
					select search_refresh_solutions(array(select id from solution where provider_id = any (:ids)))""",
					ids));
			case SOLUTION -> run("select search_refresh_solutions(:ids)", ids);
			// the adopted solution's prior counts its live adoptions: only a new adoption or status changes it
			case ADOPTION -> switch (entry.operation()) {
				case CREATE, STATUS_TRANSITION, MERGE -> run("""
						select search_refresh_priors(array(select solution_id from adoption where id = any (:ids)))""",
						ids);
				default -> Mono.empty();
			};
			default -> Mono.empty();
		};
	}

	/**
	 * The entries of the OZG-Leistungen (name, Lebenslage and Themenfeld), of their LeiKa-Leistungen and of the
	 * solutions that cover them (both show the OZG-Leistung's name and Themenfeld).
	 */
	@Override
	public Mono<Void> catalogueChanged(java.util.Collection<Integer> ozgIds) {
		Integer[] ids = ozgIds.toArray(Integer[]::new);
		return db.sql("select search_refresh_ozg_services(:ids)").bind("ids", ids).then()
			.then(db.sql("select search_refresh_leika_services(array(select id from leika_service where ozg_id = any (:ids)))")
				.bind("ids", ids)
				.then())
			.then(db.sql("""
					select search_refresh_solutions(array(select distinct solution_id from solution_ozg_service
					                                      where ozg_id = any (:ids)))""")
				.bind("ids", ids)
				.then());
	}

	@Override
	public String rebuildStatement() {
		return "select search_rebuild()";
	}

	private Mono<Void> run(String sql, UUID[] ids) {
		return db.sql(sql).bind("ids", ids).then();
	}

}
