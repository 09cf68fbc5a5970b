package de.ozgregistry.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import de.ozgregistry.changes.ChangeNotifications;
import de.ozgregistry.database.Sql;
import de.ozgregistry.graphql.Connection;
import de.ozgregistry.graphql.Cursor;
import de.ozgregistry.graphql.Page;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Read access to the OZG catalogue. Themenfelder, Lebenslagen and the catalogue's versions (a few dozen rows that
 * only change with a new catalogue version, see {@link CatalogueImport}) are read once and kept in memory until
 * {@link #forget()}; OZG- and LeiKa-Leistungen are read from the database in batches.
 */
@Repository
public class Catalog {

	private static final String OZG_COLUMNS = "o.ozg_id, o.id, o.name, o.lebenslage, o.themenfeld, o.data_source_id, "
			+ "o.introduced_in, o.retired_in";

	private static final String LEIKA_COLUMNS = "l.id, l.leika_key, l.name, l.leika_type, l.legal_basis, l.ozg_id, "
			+ "l.data_source_id";

	private final DatabaseClient db;

	private volatile Mono<Map<Integer, Themenfeld>> themenfelder;

	private volatile Mono<Map<Integer, Lebenslage>> lebenslagen;

	private volatile Mono<List<CatalogueVersion>> versions;

	Catalog(DatabaseClient db, ChangeNotifications notifications) {
		this.db = db;
		forget();
		notifications.onReferenceDataChanged(this::forget);
	}

	/** Drops what is kept in memory: a new catalogue version has been loaded (here or on another instance). */
	void forget() {
		this.themenfelder = db.sql("select number, id, name, data_source_id from themenfeld order by number")
			.map(row -> new Themenfeld(row.get("number", Integer.class), row.get("id", java.util.UUID.class),
					row.get("name", String.class), row.get("data_source_id", String.class)))
			.all()
			.collect(Collectors.toMap(Themenfeld::number, Function.identity(), (a, b) -> a,
					java.util.LinkedHashMap::new))
			.map(Map::copyOf)
			.cache(map -> java.time.Duration.ofDays(365), error -> java.time.Duration.ZERO,
					() -> java.time.Duration.ZERO);
		this.lebenslagen = db.sql("select number, id, name, themenfeld, data_source_id from lebenslage order by number")
			.map(row -> new Lebenslage(row.get("number", Integer.class), row.get("id", java.util.UUID.class),
					row.get("name", String.class), row.get("themenfeld", Integer.class),
					row.get("data_source_id", String.class)))
			.all()
			.collect(Collectors.toMap(Lebenslage::number, Function.identity()))
			.map(Map::copyOf)
			.cache(map -> java.time.Duration.ofDays(365), error -> java.time.Duration.ZERO,
					() -> java.time.Duration.ZERO);
		this.versions = db.sql("""
				select v.number, v.label, v.published_on, v.file_name, v.file_sha256, v.data_source_id, v.loaded_at,
				       (select count(*)::int from ozg_service o where o.introduced_in = v.number) as added,
				       (select count(*)::int from ozg_service_former_name f where f.renamed_in = v.number) as renamed,
				       (select count(*)::int from ozg_service o where o.retired_in = v.number) as retired,
				       (select count(*)::int from ozg_service o where o.introduced_in <= v.number
				                                              and (o.retired_in is null or o.retired_in > v.number))
				           as ozg_services
				from catalogue_version v order by v.number desc""")
			.map(CatalogueVersion::of)
			.all()
			.collectList()
			.cache(list -> java.time.Duration.ofDays(365), error -> java.time.Duration.ZERO,
					() -> java.time.Duration.ZERO);
	}

	/** The catalogue's versions, the current one first. */
	public Mono<List<CatalogueVersion>> versions() {
		return versions;
	}

	/** The version of the catalogue this node holds now. */
	public Mono<CatalogueVersion> currentVersion() {
		return versions.map(list -> list.get(0));
	}

	/** One version by its number. */
	public Mono<CatalogueVersion> version(int number) {
		return versions.mapNotNull(list -> list.stream().filter(v -> v.number() == number).findFirst().orElse(null));
	}

	public Flux<Themenfeld> themenfelder() {
		return themenfelder.flatMapIterable(map -> map.values().stream()
			.sorted(java.util.Comparator.comparingInt(Themenfeld::number))
			.toList());
	}

	public Mono<Themenfeld> themenfeld(int number) {
		return themenfelder.mapNotNull(map -> map.get(number));
	}

	public Mono<Lebenslage> lebenslage(int number) {
		return lebenslagen.mapNotNull(map -> map.get(number));
	}

	/** Every Lebenslage, ordered by number. */
	public Flux<Lebenslage> lebenslagen() {
		return lebenslagen.flatMapIterable(map -> map.values().stream()
			.sorted(java.util.Comparator.comparingInt(Lebenslage::number))
			.toList());
	}

	public Flux<Lebenslage> lebenslagenOf(int themenfeld) {
		return lebenslagen.flatMapIterable(map -> map.values().stream()
			.filter(l -> l.themenfeld() == themenfeld)
			.sorted(java.util.Comparator.comparingInt(Lebenslage::number))
			.toList());
	}

	public Mono<Map<Integer, Integer>> ozgServiceCountsByThemenfeld() {
		return db.sql("select themenfeld, count(*)::int as n from ozg_service where retired_in is null "
				+ "group by themenfeld")
			.map(row -> Map.entry(row.get("themenfeld", Integer.class), row.get("n", Integer.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	public Mono<Connection<OzgService>> ozgServices(OzgServiceFilter filter, Page page, boolean withTotal) {
		Sql where = filterOf(new Sql(), "o", filter);
		Sql pageWhere = filterOf(new Sql(), "o", filter);
		if (page.after() != null) {
			pageWhere.and("o.ozg_id > :afterId", "afterId", parseInt(page.after().id()));
		}
		Mono<List<OzgService>> rows = pageWhere
			.bind(db.sql("select " + OZG_COLUMNS + " from ozg_service o " + pageWhere.where()
					+ " order by " + order("o") + " limit :limit"))
			.bind("limit", page.limit())
			.map(Catalog::readOzgService)
			.all()
			.collectList();
		Mono<Integer> total = withTotal ? where
			.bind(db.sql("select count(*)::int as n from ozg_service o " + where.where()))
			.map(row -> row.get("n", Integer.class))
			.one() : Mono.just(-1);
		return Mono.zip(rows, total)
			.map(both -> Connection.of(both.getT1(), page.first(), Catalog::cursorOf,
					both.getT2() < 0 ? null : both.getT2()));
	}

	/**
	 * The conditions of {@code ozgServices(filter:)} on the OZG-Leistungen {@code o} (an alias), added to {@code sql};
	 * here and on the compiled read path.
	 */
	static Sql filterOf(Sql sql, String o, OzgServiceFilter filter) {
		if (filter == null || !Boolean.TRUE.equals(filter.includeRetired())) {
			sql.and(o + ".retired_in is null");
		}
		if (filter != null) {
			if (filter.themenfeld() != null) {
				sql.and(o + ".themenfeld = " + sql.placeholder(filter.themenfeld()));
			}
			if (filter.lebenslage() != null) {
				sql.and(o + ".lebenslage = " + sql.placeholder(filter.lebenslage()));
			}
			if (filter.name() != null) {
				sql.and("de_fold(" + o + ".name) like de_fold(" + sql.placeholder(Sql.containsPattern(filter.name()))
						+ ")");
			}
		}
		return sql;
	}

	/** The order of {@code ozgServices}: by OZG-ID. */
	static String order(String o) {
		return o + ".ozg_id";
	}

	private static int parseInt(String text) {
		try {
			return Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw de.ozgregistry.graphql.RegistryException.invalid("after", "cursor", "Not a cursor of this list.");
		}
	}

	static Cursor cursorOf(OzgService service) {
		return new Cursor("", Integer.toString(service.ozgId()));
	}

	public Mono<OzgService> ozgService(int ozgId) {
		return db.sql("select " + OZG_COLUMNS + " from ozg_service o where o.ozg_id = :ozgId")
			.bind("ozgId", ozgId)
			.map(Catalog::readOzgService)
			.one();
	}

	public Flux<OzgService> ozgServices(Collection<Integer> ozgIds) {
		return db.sql("select " + OZG_COLUMNS + " from ozg_service o where o.ozg_id = any(:ids) order by o.ozg_id")
			.bind("ids", ozgIds.toArray(Integer[]::new))
			.map(Catalog::readOzgService)
			.all();
	}

	/** OZG-Leistungen by their global IDs. */
	public Flux<OzgService> ozgServicesById(Collection<java.util.UUID> ids) {
		return db.sql("select " + OZG_COLUMNS + " from ozg_service o where o.id = any(:ids)")
			.bind("ids", ids.toArray(java.util.UUID[]::new))
			.map(Catalog::readOzgService)
			.all();
	}

	/** LeiKa-Leistungen by their global IDs. */
	public Flux<LeikaService> leikaServicesById(Collection<java.util.UUID> ids) {
		return db.sql("select " + LEIKA_COLUMNS + " from leika_service l where l.id = any(:ids)")
			.bind("ids", ids.toArray(java.util.UUID[]::new))
			.map(Catalog::readLeikaService)
			.all();
	}

	public Mono<LeikaService> leikaService(String key) {
		return db.sql("select " + LEIKA_COLUMNS + " from leika_service l where l.leika_key = :key")
			.bind("key", key)
			.map(Catalog::readLeikaService)
			.one();
	}

	public Flux<LeikaService> leikaServicesByKeys(Collection<String> keys) {
		return db.sql("select " + LEIKA_COLUMNS + " from leika_service l where l.leika_key = any(:keys)")
			.bind("keys", keys.toArray(String[]::new))
			.map(Catalog::readLeikaService)
			.all();
	}

	public Flux<LeikaService> leikaServicesOf(Collection<Integer> ozgIds) {
		return db.sql("select " + LEIKA_COLUMNS + " from leika_service l where l.ozg_id = any(:ids) "
				+ "order by l.ozg_id, l.leika_key nulls last, l.name")
			.bind("ids", ozgIds.toArray(Integer[]::new))
			.map(Catalog::readLeikaService)
			.all();
	}

	static OzgService readOzgService(Readable row) {
		return new OzgService(row.get("ozg_id", Integer.class), row.get("id", java.util.UUID.class),
				row.get("name", String.class), row.get("lebenslage", Integer.class),
				row.get("themenfeld", Integer.class), row.get("data_source_id", String.class),
				row.get("introduced_in", Integer.class), row.get("retired_in", Integer.class));
	}

	/** The former names of these OZG-Leistungen, each oldest first. */
	public Flux<FormerName> formerNames(Collection<Integer> ozgIds) {
		return db.sql("""
				select ozg_id, name, renamed_in from ozg_service_former_name
				where ozg_id = any (:ids) order by ozg_id, renamed_in""")
			.bind("ids", ozgIds.toArray(Integer[]::new))
			.map(row -> new FormerName(row.get("ozg_id", Integer.class), row.get("name", String.class),
					row.get("renamed_in", Integer.class)))
			.all();
	}

	/** A name an OZG-Leistung had until the catalogue version {@code renamedIn} renamed it. */
	public record FormerName(int ozgId, String name, int renamedIn) {
	}

	static LeikaService readLeikaService(Readable row) {
		return new LeikaService(row.get("id", java.util.UUID.class), row.get("leika_key", String.class),
				row.get("name", String.class), row.get("leika_type", String.class),
				row.get("legal_basis", String.class), row.get("ozg_id", Integer.class),
				row.get("data_source_id", String.class));
	}

}
