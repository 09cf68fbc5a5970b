package de.ozgregistry.seed;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import de.ozgregistry.SeedIds;

/**
 * Loads the illustrative demo set ({@code seed-data/illustrative}): IT service providers, solutions and adoptions
 * built from publicly reported facts. Every record is labelled {@code ILLUSTRATIVE} (source) and points to the
 * illustrative data source, so the API never passes it off as real.
 */
final class IllustrativeSeed {

	private final Connection connection;

	private final Path dir;

	private final Map<String, UUID> arsToId;

	private final String nodeId;

	private final Map<String, Integer> inserted;

	private final Map<String, UUID> organizationByKey = new HashMap<>();

	private final Map<String, SolutionRef> solutionByKey = new HashMap<>();

	private record SolutionRef(UUID id, UUID providerId, List<Integer> ozgIds) {
	}

	IllustrativeSeed(Connection connection, Path dir, Map<String, UUID> arsToId, String nodeId,
			Map<String, Integer> inserted) {
		this.connection = connection;
		this.dir = dir;
		this.arsToId = arsToId;
		this.nodeId = nodeId;
		this.inserted = inserted;
	}

	void load() throws SQLException, IOException {
		organizations();
		solutions();
		adoptions();
	}

	private void organizations() throws SQLException, IOException {
		String sql = "insert into organization (id, kind, kinds, name, land_code, website, contact_email, parent_id, "
				+ "source, data_source_id, registry_node_id) "
				+ "values (?, ?, array[?], ?, ?, ?, ?, ?, 'ILLUSTRATIVE', ?, ?) "
				+ "on conflict (id) do nothing";
		try (PreparedStatement insert = connection.prepareStatement(sql)) {
			for (Map<String, String> row : Csv.read(dir.resolve("organizations.csv"), ',')) {
				UUID id = SeedIds.of("organization:illustrative:" + row.get("key"));
				organizationByKey.put(row.get("key"), id);
				String landArs = Seeding.blankToNull(row.get("land_ars"));
				insert.setObject(1, id);
				insert.setString(2, row.get("kind"));
				insert.setString(3, row.get("kind"));
				insert.setString(4, row.get("name"));
				insert.setString(5, (landArs == null) ? null : landArs.substring(0, 2));
				insert.setString(6, Seeding.blankToNull(row.get("website")));
				insert.setString(7, Seeding.blankToNull(row.get("contact_email")));
				insert.setObject(8, (landArs == null) ? null : resolve("ars:" + landArs));
				insert.setString(9, Seeding.ILLUSTRATIVE);
				insert.setString(10, nodeId);
				insert.addBatch();
			}
			inserted.merge("organization", Seeding.sum(insert.executeBatch()), Integer::sum);
		}
	}

	private void solutions() throws SQLException, IOException {
		String sql = """
				insert into solution (id, name, summary, description, provider_id, vendor_id, maturity_level,
				                      maturity_model, reuse_model, legal_paths, licence, repository_url, landing_url,
				                      standards, lifecycle, release_version, terms_and_costs, source, data_source_id,
				                      registry_node_id)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ILLUSTRATIVE', ?, ?)
				on conflict (id) do nothing""";
		int count = 0;
		try (PreparedStatement insert = connection.prepareStatement(sql);
				PreparedStatement ozg = connection.prepareStatement(
						"insert into solution_ozg_service (solution_id, ozg_id) values (?, ?) on conflict do nothing");
				PreparedStatement leika = connection.prepareStatement("insert into solution_leika_service "
						+ "(solution_id, leika_id) select ?, id from leika_service where leika_key = ? "
						+ "on conflict do nothing")) {
			for (JsonNode node : Seeding.readJson(dir.resolve("solutions.json"))) {
				String key = node.get("key").asString();
				UUID id = SeedIds.of("solution:illustrative:" + key);
				UUID provider = resolve(node.get("provider").asString());
				UUID vendor = node.hasNonNull("vendor") ? resolve(node.get("vendor").asString()) : null;
				List<Integer> ozgIds = new ArrayList<>();
				node.get("ozgIds").forEach(o -> ozgIds.add(o.asInt()));
				solutionByKey.put(key, new SolutionRef(id, provider, ozgIds));
				insert.setObject(1, id);
				insert.setString(2, node.get("name").asString());
				insert.setString(3, node.get("summary").asString());
				insert.setString(4, text(node, "description"));
				insert.setObject(5, provider);
				insert.setObject(6, vendor);
				boolean rated = node.hasNonNull("reifegradLevel");
				insert.setObject(7, rated ? (short) node.get("reifegradLevel").asInt() : null, java.sql.Types.SMALLINT);
				insert.setString(8, rated ? "V" + node.get("reifegradModel").asString().replace('.', '_') : null);
				insert.setString(9, node.get("reuseModel").asString());
				insert.setArray(10, Seeding.textArray(connection, Seeding.strings(node.get("legalPaths"))));
				insert.setString(11, text(node, "licence"));
				insert.setString(12, text(node, "repositoryUrl"));
				insert.setString(13, text(node, "landingUrl"));
				insert.setArray(14, Seeding.textArray(connection, Seeding.strings(node.get("standards"))));
				insert.setString(15, node.get("lifecycle").asString());
				insert.setString(16, text(node, "releaseVersion"));
				insert.setString(17, text(node, "termsAndCosts"));
				insert.setString(18, Seeding.ILLUSTRATIVE);
				insert.setString(19, nodeId);
				count += Math.max(insert.executeUpdate(), 0);
				for (int ozgId : ozgIds) {
					ozg.setObject(1, id);
					ozg.setInt(2, ozgId);
					ozg.addBatch();
				}
				for (String leikaKey : Seeding.strings(node.get("leikaKeys"))) {
					leika.setObject(1, id);
					leika.setString(2, leikaKey);
					leika.addBatch();
				}
			}
			ozg.executeBatch();
			leika.executeBatch();
		}
		inserted.put("solution", count);
	}

	private void adoptions() throws SQLException, IOException {
		String sql = """
				insert into adoption (id, organization_id, solution_id, status, operating_model, legal_path,
				                      solution_version, confirmed_by, confirmed_at, confirmation_status, source,
				                      data_source_id, registry_node_id, created_at, updated_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ILLUSTRATIVE', ?, ?, ?, ?)
				on conflict (id) do nothing""";
		int count = 0;
		try (PreparedStatement insert = connection.prepareStatement(sql);
				PreparedStatement ozg = connection.prepareStatement("insert into adoption_ozg_service (adoption_id, "
						+ "ozg_id) values (?, ?) on conflict do nothing");
				PreparedStatement transition = connection.prepareStatement("insert into adoption_status_transition "
						+ "(adoption_id, seq, status, effective_date, recorded_at) values (?, ?, ?, ?, ?) "
						+ "on conflict do nothing");
				// the provider's confirmation is a record of its own (V16); the adoption's columns show it
				PreparedStatement confirmation = connection.prepareStatement("insert into confirmation (id, "
						+ "adoption_id, provider_id, status, data_source_id, registry_node_id, created_at, updated_at) "
						+ "values (?, ?, ?, 'CONFIRMED', ?, ?, ?, ?) on conflict do nothing")) {
			for (Map<String, String> row : Csv.read(dir.resolve("adoptions.csv"), ',')) {
				SolutionRef solution = solutionByKey.get(row.get("solution_key"));
				if (solution == null) {
					throw new IllegalStateException("Unknown solution in adoptions.csv: " + row.get("solution_key"));
				}
				UUID organization = resolve(row.get("adopter"));
				UUID id = SeedIds.of("adoption:illustrative:" + row.get("solution_key") + ":" + row.get("adopter"));
				String[] steps = row.get("status_history").strip().split("\\s+");
				String[] last = steps[steps.length - 1].split("@");
				LocalDate first = LocalDate.parse(steps[0].split("@")[1]);
				LocalDate lastDate = LocalDate.parse(last[1]);
				boolean confirmed = Boolean.parseBoolean(row.get("provider_confirmed"));
				insert.setObject(1, id);
				insert.setObject(2, organization);
				insert.setObject(3, solution.id());
				insert.setString(4, last[0]);
				insert.setString(5, Seeding.blankToNull(row.get("operating_model")));
				insert.setString(6, Seeding.blankToNull(row.get("legal_path")));
				insert.setString(7, Seeding.blankToNull(row.get("solution_version")));
				insert.setObject(8, confirmed ? solution.providerId() : null);
				insert.setTimestamp(9, confirmed ? Seeding.startOf(lastDate) : null);
				insert.setString(10, confirmed ? "CONFIRMED" : null);
				insert.setString(11, Seeding.ILLUSTRATIVE);
				insert.setString(12, nodeId);
				insert.setTimestamp(13, Seeding.startOf(first));
				insert.setTimestamp(14, Seeding.startOf(lastDate));
				int added = Math.max(insert.executeUpdate(), 0);
				count += added;
				if (added == 0) {
					continue;
				}
				String ozgIds = Seeding.blankToNull(row.get("ozg_ids"));
				for (String ozgId : (ozgIds == null) ? solution.ozgIds().stream().map(String::valueOf).toList()
						: List.of(ozgIds.split("\\s+"))) {
					ozg.setObject(1, id);
					ozg.setInt(2, Integer.parseInt(ozgId));
					ozg.addBatch();
				}
				if (confirmed) {
					confirmation.setObject(1, SeedIds.of("confirmation:illustrative:" + row.get("solution_key") + ":"
							+ row.get("adopter")));
					confirmation.setObject(2, id);
					confirmation.setObject(3, solution.providerId());
					confirmation.setString(4, Seeding.ILLUSTRATIVE);
					confirmation.setString(5, nodeId);
					confirmation.setTimestamp(6, Seeding.startOf(lastDate));
					confirmation.setTimestamp(7, Seeding.startOf(lastDate));
					confirmation.addBatch();
				}
				for (int seq = 0; seq < steps.length; seq++) {
					String[] step = steps[seq].split("@");
					LocalDate date = LocalDate.parse(step[1]);
					transition.setObject(1, id);
					transition.setInt(2, seq + 1);
					transition.setString(3, step[0]);
					transition.setDate(4, Seeding.sqlDate(date));
					transition.setTimestamp(5, Seeding.startOf(date));
					transition.addBatch();
				}
			}
			ozg.executeBatch();
			transition.executeBatch();
			confirmation.executeBatch();
		}
		inserted.put("adoption", count);
	}

	/** Resolves {@code org:<key>}, {@code ars:<12 digits>} (the most local body) or {@code bund}. */
	private UUID resolve(String ref) {
		UUID id = null;
		if (ref.equals("bund")) {
			id = SeedIds.bund();
		}
		else if (ref.startsWith("org:")) {
			id = organizationByKey.get(ref.substring(4));
		}
		else if (ref.startsWith("ars:")) {
			id = arsToId.get(ref.substring(4));
		}
		if (id == null) {
			throw new IllegalStateException("Illustrative data names an unknown organization: " + ref);
		}
		return id;
	}

	private static String text(JsonNode node, String field) {
		return node.hasNonNull(field) ? node.get(field).asString() : null;
	}

}
