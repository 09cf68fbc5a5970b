package de.ozgregistry.provenance;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import reactor.core.publisher.Mono;


import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Resolves the data source of a record to its {@link Provenance}. The handful of data sources only change when the
 * seed runs at start-up, so they are read once.
 */
@Component
public class Provenances {

	private final DatabaseClient db;

	private final Mono<Map<String, Provenance>> sources;

	private final Provenance entered;

	Provenances(DatabaseClient db) {
		this.db = db;
		this.sources = db.sql("select id, name, data_date, attribution, illustrative from data_source")
			.map(row -> Map.entry(row.get("id", String.class),
					new Provenance(row.get("name", String.class), row.get("data_date", LocalDate.class),
							row.get("attribution", String.class), row.get("illustrative", Boolean.class), null, null)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.cache(map -> Duration.ofDays(365), error -> Duration.ZERO, () -> Duration.ZERO);
		// (a record replicated from another node shows that node as its provenance's node)
		this.entered = new Provenance("Entered through the API of a registry node", null, null, false, null, null);
	}

	/** The provenance of a record with this data source; records without one were entered through the API. */
	public Mono<Provenance> of(String dataSourceId) {
		if (dataSourceId == null) {
			return Mono.just(entered);
		}
		// a data source added since start-up (an import's file) is read on its own; the cache holds the seed's
		return sources.flatMap(map -> map.containsKey(dataSourceId) ? Mono.just(map.get(dataSourceId))
				: db.sql("select name, data_date, attribution, illustrative from data_source where id = :id")
					.bind("id", dataSourceId)
					.map(row -> new Provenance(row.get("name", String.class), row.get("data_date", LocalDate.class),
							row.get("attribution", String.class), row.get("illustrative", Boolean.class), null, null))
					.one()
					.defaultIfEmpty(entered));
	}

	/** The provenance of the record of this type ({@code ChangeLog.EntityType} name) and ID, with its data source. */
	public Mono<Provenance> of(String dataSourceId, String type, java.util.UUID id) {
		return of(dataSourceId).map(provenance -> provenance.of(type, id));
	}

}
