package de.ozgregistry.discovery;

import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Mono;

import de.ozgregistry.database.Sql;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * OZG-Leistungen for which several independent solutions (from different providers) are in development, pilot or
 * production: the duplicated work the EfA principle is meant to avoid.
 */
@Component
class DuplicateEfforts {

	/** An OZG-Leistung with its independent solutions. */
	record DuplicateEffort(int ozgId, int independentProviders, List<UUID> solutionIds) {
	}

	/** Filter of {@code duplicateEfforts}. */
	record DuplicateEffortFilter(Integer themenfeld, String land, Integer minProviders) {
	}

	private final DatabaseClient db;

	DuplicateEfforts(DatabaseClient db) {
		this.db = db;
	}

	Mono<List<DuplicateEffort>> find(Integer themenfeld, String landCode, int minProviders, int offset, int limit) {
		Sql where = new Sql().and("o.themenfeld = :themenfeld", "themenfeld", themenfeld)
			.and("p.land_code = :land", "land", landCode);
		return where
			.bind(db.sql("""
					select so.ozg_id, count(distinct s.provider_id)::int as providers,
					       array_agg(s.id order by s.name, s.id) as solution_ids
					from solution_ozg_service so
					join solution s on s.id = so.solution_id and s.lifecycle in ('IN_DEVELOPMENT', 'PILOT', 'PRODUCTION')
					join organization p on p.id = s.provider_id
					join ozg_service o on o.ozg_id = so.ozg_id
					where true %s
					group by so.ozg_id
					having count(distinct s.provider_id) >= :minProviders
					order by count(distinct s.provider_id) desc, so.ozg_id
					limit :limit offset :offset""".formatted(where.andWhere())))
			.bind("minProviders", minProviders)
			.bind("limit", limit)
			.bind("offset", offset)
			.map(row -> new DuplicateEffort(row.get("ozg_id", Integer.class), row.get("providers", Integer.class),
					List.of(row.get("solution_ids", UUID[].class))))
			.all()
			.collectList();
	}

	Mono<Integer> count(Integer themenfeld, String landCode, int minProviders) {
		Sql where = new Sql().and("o.themenfeld = :themenfeld", "themenfeld", themenfeld)
			.and("p.land_code = :land", "land", landCode);
		return where.bind(db.sql("""
				select count(*)::int from (select so.ozg_id from solution_ozg_service so
				  join solution s on s.id = so.solution_id and s.lifecycle in ('IN_DEVELOPMENT', 'PILOT', 'PRODUCTION')
				  join organization p on p.id = s.provider_id
				  join ozg_service o on o.ozg_id = so.ozg_id
				  where true %s group by so.ozg_id having count(distinct s.provider_id) >= :minProviders) x"""
			.formatted(where.andWhere())))
			.bind("minProviders", minProviders)
			.map(row -> row.get(0, Integer.class))
			.one();
	}

}
