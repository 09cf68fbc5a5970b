package de.ozgregistry.responsibility;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Seeds the rules of Zuständigkeit: the default of every OZG-Leistung and the curated Land rules. The default is the
 * curated row of {@code seed-data/responsibility/zustaendigkeit.csv} where there is one, otherwise derived here from
 * the LeiKa-Typ of the OZG-Leistung's LeiKa-Leistungen ({@link #levelsOfLeikaType}, the one place of that rule).
 * Rows are inserted only if absent, so a second run adds nothing and rules changed through the API stay.
 */
public final class ResponsibilitySeed {

	/** The data source of the seeded rules: an editorial compilation of this project, not an official one. */
	public static final String DATA_SOURCE = "ozg-registry-zustaendigkeit";

	private final Connection connection;

	private final String nodeId;

	public ResponsibilitySeed(Connection connection, String nodeId) {
		this.connection = connection;
		this.nodeId = nodeId;
	}

	/**
	 * The levels that execute LeiKa-Leistungen of one LeiKa-Typ (FIM code list urn:de:fim:leika:typisierung, see
	 * seed-data/ozg_enums.json), as the default where no curated row says more: 1 (Bund) the Bund; 2, 3 and 2/3 (federal
	 * law executed by Land or Kommune, which one the type does not say) and 2b, 3b, 4b (executed by a Kommune, which
	 * one it does not say) the Kreis, the untere Verwaltungsbehörde that executes most such law; 2a, 3a, 4 and 4a (Land
	 * law or Land execution) the Land; 5 (communal law) the Gemeinde; 6 and above (information, hotlines, internal
	 * services) nobody. A combined type such as {@code 1, 2/3} names each of its parts.
	 */
	public static Set<AdministrativeLevel> levelsOfLeikaType(String type) {
		Set<AdministrativeLevel> levels = EnumSet.noneOf(AdministrativeLevel.class);
		if (type == null) {
			return levels;
		}
		for (String part : type.split("[,;]")) {
			switch (part.strip()) {
				case "1" -> levels.add(AdministrativeLevel.FEDERAL);
				case "2", "3", "2/3", "2b", "3b", "4b" -> levels.add(AdministrativeLevel.DISTRICT);
				case "2a", "3a", "4", "4a" -> levels.add(AdministrativeLevel.STATE);
				case "5" -> levels.add(AdministrativeLevel.MUNICIPALITY);
				default -> {
				}
			}
		}
		return levels;
	}

	/** Inserts the defaults of all OZG-Leistungen and the curated Land rules that are absent. */
	public void load(List<Map<String, String>> curated, List<Map<String, String>> landRules,
			Map<String, Integer> inserted) throws SQLException {
		try (PreparedStatement source = connection.prepareStatement("insert into data_source (id, name, attribution, "
				+ "illustrative) values (?, ?, ?, false) on conflict (id) do nothing")) {
			source.setString(1, DATA_SOURCE);
			source.setString(2, "Zuständigkeit der OZG-Leistungen: redaktionelle Zusammenstellung von ozg-registry "
					+ "(aus dem LeiKa-Typ abgeleitet und kuratierte Tabelle mit Rechtsgrundlagen)");
			source.setString(3, "Redaktionelle Zusammenstellung des Projekts ozg-registry aus Gesetzen und amtlichen "
					+ "Angaben; keine amtliche Veröffentlichung");
			source.executeUpdate();
		}
		Map<Integer, Map<String, String>> curatedById = new TreeMap<>();
		for (Map<String, String> row : curated) {
			curatedById.put(Integer.parseInt(row.get("ozg_id").strip()), row);
		}
		int count = 0;
		try (PreparedStatement insert = connection.prepareStatement("insert into responsibility_rule (id, ozg_id, "
				+ "scope, land_code, levels, basis, source, note, data_source_id, registry_node_id) "
				+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing")) {
			for (Map.Entry<Integer, Set<String>> service : leikaTypes().entrySet()) {
				int ozgId = service.getKey();
				Map<String, String> row = curatedById.remove(ozgId);
				if (row != null) {
					add(insert, ResponsibilityRule.Scope.DEFAULT, null, ozgId, levels(row.get("levels")),
							ResponsibilityRule.Basis.CURATED, row.get("source"), row.get("note"));
				}
				else {
					Set<AdministrativeLevel> levels = EnumSet.noneOf(AdministrativeLevel.class);
					service.getValue().forEach(type -> levels.addAll(levelsOfLeikaType(type)));
					add(insert, ResponsibilityRule.Scope.DEFAULT, null, ozgId, levels,
							ResponsibilityRule.Basis.LEIKA_TYPE,
							"LeiKa-Typ der LeiKa-Leistungen (OZG-Umsetzungskatalog): "
									+ String.join(", ", service.getValue()),
							"Abgeleitet: Typ 1 → Bund; 2, 3, 2/3 → Kreis (untere Verwaltungsbehörde, solange keine "
									+ "kuratierte Zeile oder Landesregel mehr sagt); 4 → Land; 5 → Gemeinde.");
				}
			}
			if (!curatedById.isEmpty()) {
				throw new IllegalStateException("responsibility/zustaendigkeit.csv names OZG-IDs outside the "
						+ "catalogue: " + curatedById.keySet());
			}
			for (Map<String, String> row : landRules) {
				String land = row.get("land_code").strip();
				add(insert, ResponsibilityRule.Scope.LAND, land, Integer.parseInt(row.get("ozg_id").strip()),
						levels(row.get("levels")), ResponsibilityRule.Basis.LAND_RULE, row.get("source"),
						row.get("note"));
			}
			for (int n : insert.executeBatch()) {
				count += Math.max(n, 0);
			}
		}
		inserted.put("responsibility_rule", count);
	}

	/** The distinct LeiKa-Typen of every OZG-Leistung (an empty type as "–"). */
	private Map<Integer, Set<String>> leikaTypes() throws SQLException {
		Map<Integer, Set<String>> types = new TreeMap<>();
		try (PreparedStatement select = connection.prepareStatement("select s.ozg_id, l.leika_type from ozg_service s "
				+ "left join leika_service l on l.ozg_id = s.ozg_id");
				ResultSet rows = select.executeQuery()) {
			while (rows.next()) {
				String type = rows.getString(2);
				types.computeIfAbsent(rows.getInt(1), k -> new TreeSet<>())
					.add((type == null || type.isBlank()) ? "–" : type.strip());
			}
		}
		return types;
	}

	private static Set<AdministrativeLevel> levels(String text) {
		Set<AdministrativeLevel> levels = EnumSet.noneOf(AdministrativeLevel.class);
		for (String name : text.strip().split("\\s+")) {
			if (!name.isEmpty() && !name.equals("-")) {
				levels.add(AdministrativeLevel.valueOf(name));
			}
		}
		return levels;
	}

	private void add(PreparedStatement insert, ResponsibilityRule.Scope scope, String land, int ozgId,
			Set<AdministrativeLevel> levels, ResponsibilityRule.Basis basis, String source, String note)
			throws SQLException {
		List<String> names = new ArrayList<>();
		levels.forEach(level -> names.add(level.name()));
		insert.setObject(1, ResponsibilityRule.idOf(scope, land, ozgId));
		insert.setInt(2, ozgId);
		insert.setString(3, scope.name());
		insert.setString(4, land);
		insert.setArray(5, connection.createArrayOf("text", names.toArray()));
		insert.setString(6, basis.name());
		insert.setString(7, source.strip());
		insert.setString(8, (note == null || note.isBlank()) ? null : note.strip());
		insert.setString(9, DATA_SOURCE);
		insert.setString(10, nodeId);
		insert.addBatch();
	}

}
