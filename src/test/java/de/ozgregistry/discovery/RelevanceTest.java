package de.ozgregistry.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import de.ozgregistry.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relevance test set ({@code src/test/resources/search/relevance.csv}): real queries with the results a user
 * would accept as the best answer. Asserts a floor on precision at 1 and at 3, and prints both.
 */
class RelevanceTest extends ApiTest {

	private static final double FLOOR_AT_1 = 0.85;

	private static final double FLOOR_AT_3 = 0.95;

	@Test
	void precisionAtOneAndThreeStayAboveTheFloor() throws IOException {
		Map<String, String> solutionKeys = new HashMap<>();
		try (InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("seed-data/illustrative/solutions.json"))) {
			for (JsonNode node : JsonMapper.builder().build().readTree(in)) {
				solutionKeys.put(node.get("name").asString(), node.get("key").asString());
			}
		}
		List<String[]> rows = new ArrayList<>();
		try (InputStream in = getClass().getResourceAsStream("/search/relevance.csv")) {
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			for (String line : text.split("\n")) {
				if (line.isBlank() || line.startsWith("query,")) {
					continue;
				}
				rows.add(parse(line));
			}
		}
		assertThat(rows).hasSizeGreaterThanOrEqualTo(40);
		int at1 = 0;
		int at3 = 0;
		List<String> misses = new ArrayList<>();
		for (String[] row : rows) {
			Set<String> expected = Set.of(row[1].trim().split("\\s+"));
			List<String> found = execute("""
					query($q: String!) { search(query: $q, first: 3) { edges { node { item { __typename
					  ... on OzgService { ozgId } ... on LeikaService { key } ... on Solution { name }
					  ... on Organization { ars } } } } } }""", Map.of("q", row[0]))
				.path("search.edges[*].node.item")
				.entityList(Map.class)
				.get()
				.stream()
				.map(item -> SearchItems.id(item, name -> solutionKeys.getOrDefault(name, "?")))
				.toList();
			boolean first = !found.isEmpty() && expected.contains(found.get(0));
			at1 += first ? 1 : 0;
			at3 += found.stream().anyMatch(expected::contains) ? 1 : 0;
			if (!first) {
				misses.add(row[0] + " -> " + found);
			}
		}
		double p1 = (double) at1 / rows.size();
		double p3 = (double) at3 / rows.size();
		System.out.printf("Relevance: %d queries, precision@1 %.3f, precision@3 %.3f%nnot first: %s%n", rows.size(), p1,
				p3, misses);
		assertThat(p1).as("precision@1, not first: " + misses).isGreaterThanOrEqualTo(FLOOR_AT_1);
		assertThat(p3).as("precision@3").isGreaterThanOrEqualTo(FLOOR_AT_3);
	}

	/** A CSV line with query, expected and note; fields may be quoted. */
	private static String[] parse(String line) {
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (c == '"') {
				if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				}
				else {
					quoted = !quoted;
				}
			}
			else if (c == ',' && !quoted) {
				fields.add(field.toString());
				field.setLength(0);
			}
			else if (c != '\r') {
				field.append(c);
			}
		}
		fields.add(field.toString());
		return fields.toArray(String[]::new);
	}

}
