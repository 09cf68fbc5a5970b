package de.ozgregistry.seed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import de.ozgregistry.RegistryProperties;
import de.ozgregistry.RegistryTime;
import de.ozgregistry.SeedIds;
import de.ozgregistry.changes.ChangeLog;
import de.ozgregistry.changes.Projections;
import de.ozgregistry.database.DatabaseEndpoint;
import de.ozgregistry.responsibility.ResponsibilitySeed;

import org.springframework.stereotype.Component;

/**
 * Loads {@code seed-data/} into the database: the OZG catalogue, the Bund, the Länder, the Kreise and the Gemeinden
 * (Zensus 2022 is the master list, names and designations from BKG VG5000), and the illustrative demo set. Seeding
 * is idempotent: every seeded record has a name-based ID and is inserted only if absent, so a second run adds
 * nothing. It runs once at start-up over JDBC, in one transaction, before the server accepts requests.
 */
@Component
public class Seeding {

	private static final Log logger = LogFactory.getLog(Seeding.class);

	static final String CATALOGUE = "ozg-katalog-kdn";

	static final String GEOGRAPHY = "zensus2022-bkg-vg5000-2021";

	static final String ILLUSTRATIVE = "illustrative";

	/** BKG VG5000 2021 still lists Eisenach as a Kreis; it joined the Wartburgkreis on 2021-07-01. */
	private static final String MERGED_KREIS_EISENACH = "16056";

	private final DatabaseEndpoint endpoint;

	private final RegistryProperties properties;

	private final Projections projections;

	public Seeding(DatabaseEndpoint endpoint, RegistryProperties properties, Projections projections) {
		this.endpoint = endpoint;
		this.properties = properties;
		this.projections = projections;
	}

	/** What one run inserted, per table. */
	public record Report(Map<String, Integer> inserted) {

		public int total() {
			return inserted.values().stream().mapToInt(Integer::intValue).sum();
		}

	}

	public Report seed() {
		Path dir = Path.of(properties.seedDataDir()).toAbsolutePath();
		if (!Files.isDirectory(dir.resolve("catalog"))) {
			throw new IllegalStateException("Seed data not found in " + dir + ": set OZG_SEED_DATA_DIR to the "
					+ "repository's seed-data directory.");
		}
		long start = System.nanoTime();
		Map<String, Integer> inserted = new LinkedHashMap<>();
		try (Connection connection = endpoint.openJdbcConnection()) {
			connection.setAutoCommit(false);
			try (var statement = connection.createStatement()) {
				dataSources(connection, inserted);
				catalogue(connection, dir.resolve("catalog"), inserted);
				Map<String, UUID> arsToId = geography(connection, dir, inserted);
				synonyms(connection, dir.resolve("search/synonyms.csv"), inserted);
				// Zuständigkeit: defaults of every OZG-Leistung and the curated Land rules (responsibility package)
				new ResponsibilitySeed(connection, properties.nodeId()).load(
						Csv.read(dir.resolve("responsibility/zustaendigkeit.csv"), ','),
						Csv.read(dir.resolve("responsibility/landesregeln.csv"), ','), inserted);
				if (properties.illustrativeData()) {
					new IllustrativeSeed(connection, dir.resolve("illustrative"), arsToId, properties.nodeId(),
							inserted)
						.load();
				}
				changeLog(connection, inserted);
				if (inserted.values().stream().anyMatch(count -> count > 0)) {
					// the derived data (search index, statistics) set-based from what is now there, in the same
					// transaction: nobody sees the seed without it
					projections.rebuildAll(connection);
				}
				connection.commit();
				if (inserted.values().stream().anyMatch(count -> count > 0)) {
					// fresh statistics and tidy indexes, so that the planner uses the search and lookup indexes well
					// from the first query on
					connection.setAutoCommit(true);
					statement.execute("vacuum analyze");
				}
			}
			catch (SQLException | IOException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
		}
		catch (SQLException | IOException ex) {
			throw new IllegalStateException("Seeding from " + dir + " failed: " + ex.getMessage(), ex);
		}
		Report report = new Report(inserted);
		logger.info("Seed data from " + dir + ": " + ((report.total() == 0) ? "already loaded, nothing added"
				: "inserted " + inserted) + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
		return report;
	}

	private void dataSources(Connection connection, Map<String, Integer> inserted) throws SQLException {
		String sql = "insert into data_source (id, name, data_date, attribution, illustrative) values (?, ?, ?, ?, ?) "
				+ "on conflict (id) do nothing";
		try (PreparedStatement insert = connection.prepareStatement(sql)) {
			addSource(insert, CATALOGUE, "OZG-Umsetzungskatalog (BMI), Stand ca. 2019/2020, "
					+ "aus der OZG-Datenbank NRW der Kommunalen Datenverarbeitung NRW (KDN)", null,
					"Katalog: OZG-Umsetzungskatalog des Bundesministeriums des Innern; Datenbank-Dump der KDN "
							+ "\"OZG-Datenbank NRW\" unter MIT-Lizenz",
					false);
			addSource(insert, GEOGRAPHY, "Zensus 2022 (Gemeinden, Bevölkerung am 15.05.2022) und BKG VG5000 "
					+ "(Namen und Bezeichnungen, Gebietsstand 01.01.2021)", LocalDate.of(2022, 5, 15),
					"Zensus 2022, Statistische Ämter des Bundes und der Länder, Datenlizenz Deutschland – "
							+ "Namensnennung – Version 2.0 (dl-de/by-2-0); © GeoBasis-DE / BKG 2021 (Daten verändert), "
							+ "dl-de/by-2-0",
					false);
			addSource(insert, ILLUSTRATIVE, "Illustrativer Demo-Datensatz von ozg-registry, aus öffentlich "
					+ "berichteten Fakten gebildet; keine echten Nachnutzungsdaten", null,
					"Illustrative data; not an official publication", true);
			inserted.put("data_source", sum(insert.executeBatch()));
		}
	}

	private static void addSource(PreparedStatement insert, String id, String name, LocalDate date,
			String attribution, boolean illustrative) throws SQLException {
		insert.setString(1, id);
		insert.setString(2, name);
		insert.setObject(3, date);
		insert.setString(4, attribution);
		insert.setBoolean(5, illustrative);
		insert.addBatch();
	}

	private void catalogue(Connection connection, Path dir, Map<String, Integer> inserted)
			throws SQLException, IOException {
		Map<String, Integer> themenfeldByName = new HashMap<>();
		try (PreparedStatement insert = connection.prepareStatement("insert into themenfeld (number, id, name, "
				+ "data_source_id) values (?, ?, ?, ?) on conflict (number) do nothing")) {
			for (Map<String, String> row : Csv.read(dir.resolve("themenfelder.csv"), ',')) {
				int number = Integer.parseInt(row.get("themenfeld_id"));
				themenfeldByName.put(row.get("themenfeld"), number);
				insert.setInt(1, number);
				insert.setObject(2, SeedIds.of("themenfeld:" + number));
				insert.setString(3, row.get("themenfeld"));
				insert.setString(4, CATALOGUE);
				insert.addBatch();
			}
			inserted.put("themenfeld", sum(insert.executeBatch()));
		}
		Map<String, Integer> lebenslageByName = new HashMap<>();
		try (PreparedStatement insert = connection.prepareStatement("insert into lebenslage (number, id, name, "
				+ "themenfeld, data_source_id) values (?, ?, ?, ?, ?) on conflict (number) do nothing")) {
			for (Map<String, String> row : Csv.read(dir.resolve("lebenslagen.csv"), ',')) {
				int number = Integer.parseInt(row.get("lebenslage_id"));
				lebenslageByName.put(row.get("lebenslage"), number);
				insert.setInt(1, number);
				insert.setObject(2, SeedIds.lebenslage(number));
				insert.setString(3, row.get("lebenslage"));
				insert.setInt(4, Integer.parseInt(row.get("themenfeld_id")));
				insert.setString(5, CATALOGUE);
				insert.addBatch();
			}
			inserted.put("lebenslage", sum(insert.executeBatch()));
		}
		try (PreparedStatement insert = connection.prepareStatement("insert into ozg_service (ozg_id, id, name, "
				+ "lebenslage, themenfeld, data_source_id) values (?, ?, ?, ?, ?, ?) on conflict (ozg_id) do nothing")) {
			for (Map<String, String> row : Csv.read(dir.resolve("ozg_leistungen.csv"), ',')) {
				int ozgId = Integer.parseInt(row.get("ozg_id"));
				insert.setInt(1, ozgId);
				insert.setObject(2, SeedIds.ozgService(ozgId));
				insert.setString(3, row.get("ozg_leistung"));
				insert.setInt(4, required(lebenslageByName, row.get("lebenslage"), "Lebenslage"));
				insert.setInt(5, required(themenfeldByName, row.get("themenfeld"), "Themenfeld"));
				insert.setString(6, CATALOGUE);
				insert.addBatch();
			}
			inserted.put("ozg_service", sum(insert.executeBatch()));
		}
		try (PreparedStatement insert = connection.prepareStatement("insert into leika_service (id, leika_key, name, "
				+ "leika_type, legal_basis, ozg_id, data_source_id) values (?, ?, ?, ?, ?, ?, ?) "
				+ "on conflict (id) do nothing")) {
			Map<String, Integer> occurrences = new HashMap<>();
			for (Map<String, String> row : Csv.read(dir.resolve("leika_leistungen.csv"), ',')) {
				String key = row.get("leika_schluessel").strip();
				boolean inLeika = key.matches("[0-9]{14}");
				String name = row.get("leika_bezeichnung").strip();
				String identity = inLeika ? "leika:" + key : "leika:none:" + row.get("ozg_id") + ":" + name;
				int occurrence = occurrences.merge(identity, 1, Integer::sum);
				insert.setObject(1, SeedIds.of(identity + ((occurrence > 1) ? ":" + occurrence : "")));
				insert.setString(2, inLeika ? key : null);
				insert.setString(3, name);
				insert.setString(4, blankToNull(row.get("leika_typ")));
				insert.setString(5, blankToNull(row.get("rechtsgrundlage")));
				String ozgId = blankToNull(row.get("ozg_id"));
				insert.setObject(6, (ozgId == null) ? null : Integer.parseInt(ozgId), Types.INTEGER);
				insert.setString(7, CATALOGUE);
				insert.addBatch();
			}
			inserted.put("leika_service", sum(insert.executeBatch()));
		}
	}

	/**
	 * Seeds the Bund, the Länder, the Kreise and the Gemeinden. Returns the IDs by zero-padded ARS, most local
	 * body first (a kreisfreie Stadt's ARS maps to the Gemeinde), for the illustrative set.
	 */
	private Map<String, UUID> geography(Connection connection, Path dir, Map<String, Integer> inserted)
			throws SQLException, IOException {
		List<Map<String, String>> gemeinden = Csv.read(dir.resolve("population/zensus2022_gemeinden_bevoelkerung.csv"),
				',');
		Map<String, Map<String, String>> bkgGemeinden = new HashMap<>();
		for (Map<String, String> row : Csv.read(dir.resolve("geography/gemeinden.csv"), ',')) {
			bkgGemeinden.put(row.get("ARS"), row);
		}
		Map<String, Long> kreisPopulation = new TreeMap<>();
		Map<String, Long> landPopulation = new TreeMap<>();
		long total = 0;
		for (Map<String, String> row : gemeinden) {
			long population = Long.parseLong(row.get("population"));
			kreisPopulation.merge(row.get("ags").substring(0, 5), population, Long::sum);
			landPopulation.merge(row.get("ags").substring(0, 2), population, Long::sum);
			total += population;
		}
		// One record per body: the Länder, Kreise and Gemeinden that share an ARS (a kreisfreie Stadt is Kreis and
		// Gemeinde; Berlin and Hamburg are Land, Kreis and Gemeinde) are one organization with all these kinds. Its
		// ID and kind are those of its most local role, its designation and parent those of its widest.
		Map<String, Body> bodies = new LinkedHashMap<>();
		UUID bund = SeedIds.bund();
		for (Map<String, String> row : Csv.read(dir.resolve("geography/laender.csv"), ',')) {
			String ars = row.get("ARS") + "0000000000";
			bodies.put(ars, new Body("STATE", row.get("GEN"), row.get("BEZ"), ars, landPopulation.get(row.get("ARS")),
					bund));
		}
		for (Map<String, String> row : Csv.read(dir.resolve("geography/kreise.csv"), ',')) {
			if (row.get("ARS").equals(MERGED_KREIS_EISENACH)) {
				continue;
			}
			String ars = row.get("ARS") + "0000000";
			Long population = kreisPopulation.get(row.get("ARS"));
			if (population == null) {
				throw new IllegalStateException("Kreis " + ars + " has no Gemeinden in Zensus 2022");
			}
			Body land = bodies.get(ars.substring(0, 2) + "0000000000");
			bodies.merge(ars, new Body("DISTRICT", row.get("GEN"), row.get("BEZ"), ars, population, land.id()),
					Body::narrower);
		}
		for (Map<String, String> row : gemeinden) {
			String ars = row.get("ags");
			Map<String, String> bkg = bkgGemeinden.get(ars);
			String[] nameAndDesignation = (bkg != null) ? new String[] { bkg.get("GEN"), bkg.get("BEZ") }
					: zensusName(row.get("place"));
			Body kreis = bodies.get(ars.substring(0, 5) + "0000000");
			bodies.merge(ars, new Body("MUNICIPALITY", nameAndDesignation[0], nameAndDesignation[1], ars,
					Long.parseLong(row.get("population")), kreis.id()), Body::narrower);
		}
		Map<String, UUID> ids = new HashMap<>();
		String sql = "insert into organization (id, kind, kinds, name, designation, ars, land_code, population, "
				+ "parent_id, source, data_source_id, registry_node_id) "
				+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'IMPORTED', ?, ?) on conflict (id) do nothing";
		int count = 0;
		try (PreparedStatement insert = connection.prepareStatement(sql)) {
			addOrganization(connection, insert, new Body(List.of("FEDERAL"), bund, "Bundesrepublik Deutschland",
					"Bund", null, total, null));
			for (Body body : bodies.values()) {
				ids.put(body.ars(), body.id());
				addOrganization(connection, insert, body);
			}
			count += sum(insert.executeBatch());
		}
		inserted.put("organization", count);
		return ids;
	}

	/**
	 * A territorial body of the seed: its kinds from the widest to the most local, its ID and name from the most local,
	 * designation, population and parent from the widest.
	 */
	record Body(List<String> kinds, UUID id, String name, String designation, String ars, Long population,
			UUID parent) {

		Body(String kind, String name, String designation, String ars, Long population, UUID parent) {
			this(List.of(kind), SeedIds.organization(kind, ars), name, designation, ars, population, parent);
		}

		/** The same body with the role of {@code local} added, a level below the roles it has. */
		Body narrower(Body local) {
			List<String> all = new ArrayList<>(kinds);
			all.addAll(local.kinds);
			return new Body(List.copyOf(all), local.id, local.name, designation, ars, population, parent);
		}

		String kind() {
			return kinds.get(kinds.size() - 1);
		}

	}

	private void addOrganization(Connection connection, PreparedStatement insert, Body body) throws SQLException {
		insert.setObject(1, body.id());
		insert.setString(2, body.kind());
		insert.setArray(3, connection.createArrayOf("text", body.kinds().toArray()));
		insert.setString(4, body.name());
		insert.setString(5, body.designation());
		insert.setString(6, body.ars());
		insert.setString(7, (body.ars() == null) ? null : body.ars().substring(0, 2));
		insert.setObject(8, (body.population() == null) ? null : Math.toIntExact(body.population()), Types.INTEGER);
		insert.setObject(9, body.parent());
		insert.setString(10, GEOGRAPHY);
		insert.setString(11, properties.nodeId());
		insert.addBatch();
	}

	/**
	 * Name and designation of a Gemeinde that BKG 2021 does not list, from its Zensus name such as
	 * {@code "Langelsheim, Stadt"} or {@code "Rain, St"}.
	 */
	static String[] zensusName(String place) {
		int comma = place.lastIndexOf(", ");
		if (comma > 0) {
			String suffix = place.substring(comma + 2);
			String designation = switch (suffix) {
				case "Stadt", "St" -> "Stadt";
				case "Flecken" -> "Flecken";
				case "Markt", "M" -> "Markt";
				default -> null;
			};
			if (designation != null) {
				return new String[] { place.substring(0, comma), designation };
			}
		}
		return new String[] { place, "Gemeinde" };
	}

	/** Search synonyms officials use (e.g. Ummeldung for Wohnsitzanmeldung), kept as data. */
	private void synonyms(Connection connection, Path file, Map<String, Integer> inserted)
			throws SQLException, IOException {
		if (!Files.exists(file)) {
			return;
		}
		try (PreparedStatement insert = connection.prepareStatement("insert into search_synonym (term, expansion) "
				+ "values (de_fold(?), de_fold(?)) on conflict do nothing")) {
			for (Map<String, String> row : Csv.read(file, ',')) {
				insert.setString(1, row.get("term").strip());
				insert.setString(2, row.get("expansion").strip());
				insert.addBatch();
			}
			inserted.put("search_synonym", sum(insert.executeBatch()));
		}
	}

	/** Writes a CREATE entry to the change log for every seeded record that has none yet. */
	private void changeLog(Connection connection, Map<String, Integer> inserted) throws SQLException {
		int count = 0;
		for (ChangeLog.EntityType type : ChangeLog.EntityType.values()) {
			if (type == ChangeLog.EntityType.REUSE_REQUEST) {
				continue; // made only through the API, never seeded (and the table has no data source)
			}
			String sql = "insert into change_log (entity_type, entity_id, entity_version, operation, snapshot, "
					+ "changed_at, registry_node_id) select ?, x.id, x.version, 'CREATE', (" + type.snapshotSql()
					+ "), x.created_at, ? from " + type.table() + " x where x.data_source_id is not null and not exists "
					+ "(select 1 from change_log c where c.entity_type = ? and c.entity_id = x.id) order by x.created_at";
			try (PreparedStatement insert = connection.prepareStatement(sql)) {
				insert.setString(1, type.name());
				insert.setString(2, properties.nodeId());
				insert.setString(3, type.name());
				count += insert.executeUpdate();
			}
		}
		inserted.put("change_log", count);
	}

	static int sum(int[] counts) {
		int sum = 0;
		for (int count : counts) {
			sum += Math.max(count, 0);
		}
		return sum;
	}

	private static int required(Map<String, Integer> map, String name, String what) {
		Integer value = map.get(name);
		if (value == null) {
			throw new IllegalStateException("Unknown " + what + " in the catalogue: " + name);
		}
		return value;
	}

	static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	static Timestamp startOf(LocalDate date) {
		return Timestamp.from(date.atStartOfDay(RegistryTime.ZONE).toInstant());
	}

	static Array textArray(Connection connection, List<String> values) throws SQLException {
		return connection.createArrayOf("text", values.toArray());
	}

	static Date sqlDate(LocalDate date) {
		return Date.valueOf(date);
	}

	static JsonNode readJson(Path file) throws IOException {
		return JsonMapper.builder().build().readTree(Files.readString(file));
	}

	static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		if (array != null && array.isArray()) {
			array.forEach(node -> values.add(node.asString()));
		}
		return values;
	}

}
