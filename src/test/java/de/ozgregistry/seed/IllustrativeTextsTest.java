package de.ozgregistry.seed;

import java.util.List;
import java.util.Map;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The illustrative solutions speak the interface's language: every seeded summary, description and terms text is
 * German. The check is simple but real: no common English function word, and at least one German one.
 */
class IllustrativeTextsTest extends ApiTest {

	private static final List<String> ENGLISH = List.of("the", "and", "with", "for", "of", "is", "are", "by", "from",
			"to", "which", "that", "was", "were", "has", "on", "at");

	private static final List<String> GERMAN = List.of("der", "die", "das", "und", "für", "mit", "den", "über", "ist",
			"im", "am", "ab", "von", "nach", "ein", "eine");

	@Test
	void everyIllustrativeSolutionIsDescribedInGerman() {
		List<Map<String, Object>> solutions = db.sql("""
				select name, summary, description, terms_and_costs from solution
				where source = 'ILLUSTRATIVE' and registry_node_id = 'test-node' order by name""")
			.fetch()
			.all()
			.collectList()
			.block();
		assertThat(solutions).hasSize(22);
		for (Map<String, Object> solution : solutions) {
			for (String field : List.of("summary", "description", "terms_and_costs")) {
				String text = (String) solution.get(field);
				if (text == null) {
					continue;
				}
				List<String> words = words(text);
				assertThat(words).as("%s of %s: %s", field, solution.get("name"), text)
					.doesNotContainAnyElementsOf(ENGLISH)
					.containsAnyElementsOf(GERMAN);
			}
		}
		assertThat(solutions).as("terms are seeded in German too")
			.filteredOn(s -> s.get("terms_and_costs") != null)
			.hasSizeGreaterThanOrEqualTo(9);
	}

	private static List<String> words(String text) {
		return List.of(text.toLowerCase(Locale.GERMAN).split("[^\\p{L}]+"));
	}

}
