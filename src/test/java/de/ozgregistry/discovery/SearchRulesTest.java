package de.ozgregistry.discovery;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure rules of the search, without the application: query terms, synonyms, grouping, section order. */
class SearchRulesTest {

	private static final Map<String, Collection<String>> SYNONYMS = Map.of("auto", List.of("kraftfahrzeug"),
			"anmelden", List.of("zulassung"), "meister bafog", List.of("aufstiegsfortbildungsforderung"));

	@Test
	void fillerWordsAreLeftOutUnlessTheyAreAllThereIs() {
		assertThat(GermanText.withoutFillerWords(GermanText.terms("Kindergeld beantragen"))).containsExactly("kindergeld");
		assertThat(GermanText.withoutFillerWords(GermanText.terms("Elterngeld Antrag online"))).containsExactly("elterngeld");
		assertThat(GermanText.withoutFillerWords(GermanText.terms("Antrag"))).containsExactly("antrag");
	}

	@Test
	void eachTermMatchesItselfOrASynonymAndTheLastOneAlsoAsAPrefix() {
		assertThat(Search.termQueries(List.of("auto", "anmelden"), SYNONYMS))
			.containsExactly("(auto | (kraftfahrzeug:*))", "(anmelden:* | (zulassung:*))");
		assertThat(Search.tsquery(List.of("auto", "anmelden"), SYNONYMS))
			.isEqualTo("(auto | (kraftfahrzeug:*)) & (anmelden:* | (zulassung:*))");
		// a synonym of the whole query (a hyphenated term is looked up by its words)
		assertThat(Search.tsquery(List.of("meister", "bafog"), SYNONYMS))
			.isEqualTo("((meister) & (bafog:*)) | (aufstiegsfortbildungsforderung:*)");
	}

	@Test
	void leikaLinesAreFoldedUnderTheirOzgServiceAndSectionsFollowTheirRank() {
		UUID hundehaltung = UUID.randomUUID();
		UUID hundesteuer = UUID.randomUUID();
		List<SearchAnswer.Row> rows = List.of(row("OZG_SERVICE", hundehaltung, null, 40, 1),
				row("LEIKA_SERVICE", hundesteuer, hundehaltung, 40, 2),
				row("ORGANIZATION", UUID.randomUUID(), null, 45, 2), row("SOLUTION", UUID.randomUUID(), null, 5, 2));
		SearchAnswer answer = SearchAnswer.of(rows, List.of("hundesteuer"));
		assertThat(answer.groups()).extracting(SearchAnswer.Row::entityId).containsExactly(hundehaltung);
		assertThat(answer.linesOf(hundehaltung)).extracting(SearchAnswer.Row::entityId).containsExactly(hundesteuer);
		// a strong OZG-Leistung (rank 1) before an organization with a higher score (rank 2)
		assertThat(answer.sectionOrder()).containsExactly("OZG_SERVICE", "ORGANIZATION", "SOLUTION");
		// an exact name (rank 0) first; on equal rank and score the OZG-Leistungen first
		assertThat(SearchAnswer.of(List.of(row("OZG_SERVICE", hundehaltung, null, 20, 2),
				row("SOLUTION", UUID.randomUUID(), null, 20, 2), row("ORGANIZATION", UUID.randomUUID(), null, 3, 0)),
				List.of()).sectionOrder()).containsExactly("ORGANIZATION", "OZG_SERVICE", "SOLUTION");
	}

	@Test
	void askingForOzgServicesAlsoSearchesTheLeikaServicesFoldedUnderThem() {
		SearchFilter filter = new SearchFilter(List.of("OZG_SERVICE"), 5, null, null, null, null, null);
		assertThat(SearchAnswer.widened(filter).kinds()).containsExactly("OZG_SERVICE", "LEIKA_SERVICE");
		assertThat(SearchAnswer.widened(filter).themenfeld()).isEqualTo(5);
		assertThat(SearchAnswer.widened(null)).isNull();
	}

	private static SearchAnswer.Row row(String section, UUID id, UUID parent, double score, int rank) {
		return new SearchAnswer.Row(section, id, parent, "x", score, rank < 2, rank, score);
	}

}
