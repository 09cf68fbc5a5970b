package de.ozgregistry.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The solutions (by name, with the key the relevance sets name them by) and organizations of {@code seed-data}: the
 * relevance sets are written for them. The tests share one application context, and the records other tests create
 * ("Bauantrag Test", a vendor registered a minute ago) rank for the same words, in an order that depends on which
 * test classes ran first; the measure leaves them out. OZG- and LeiKa-Leistungen are the catalogue: no test creates
 * one.
 */
record SeedRecords(Map<String, String> solutionKeys, Set<String> organizationNames) {

	static SeedRecords read() {
		try {
			Map<String, String> solutions = new HashMap<>();
			try (InputStream in = Files.newInputStream(Path.of("seed-data/illustrative/solutions.json"))) {
				for (JsonNode node : JsonMapper.builder().build().readTree(in)) {
					solutions.put(node.get("name").asString(), node.get("key").asString());
				}
			}
			Set<String> organizations = new HashSet<>(column("illustrative/organizations.csv", 2));
			return new SeedRecords(solutions, organizations);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Whether a search hit's item is a record of the seed data (by {@code __typename}). An organization with an ARS
	 * is one: the seed holds every Land, Kreis and Gemeinde, and no second record may claim a body's ARS.
	 */
	boolean holds(Map<?, ?> item) {
		return switch ((String) item.get("__typename")) {
			case "Solution" -> solutionKeys.containsKey(item.get("name"));
			case "Organization" -> item.get("ars") != null || organizationNames.contains(item.get("name"));
			default -> true;
		};
	}

	/** The values of one column of a seed CSV whose first columns are never quoted. */
	private static List<String> column(String file, int column) throws IOException {
		return Files.readAllLines(Path.of("seed-data", file))
			.stream()
			.skip(1)
			.filter(line -> !line.isBlank())
			.map(line -> line.split(",", -1)[column])
			.toList();
	}

}
