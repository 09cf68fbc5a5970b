package de.ozgregistry.solution;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The matching rule of URL patterns, without the application context. */
class UrlPatternsTest {

	@Test
	void aPatternMatchesItsHostItsSubdomainsAndWholePathSegmentsIgnoringCase() {
		Solution kfz = solution("i-Kfz", "kfz.example.de/zulassung");
		assertThat(best("https://KFZ.example.de/Zulassung/abc?x=1", kfz)).containsExactly(kfz);
		assertThat(best("https://kfz.example.de/zulassung", kfz)).containsExactly(kfz);
		assertThat(best("http://stadt.kfz.example.de/zulassung/", kfz)).containsExactly(kfz);
		assertThat(best("https://kfz.example.de/zulassungen", kfz)).isEmpty();
		assertThat(best("https://xkfz.example.de/zulassung", kfz)).isEmpty();
		assertThat(best("kfz.example.de/zulassung", kfz)).as("without a scheme: https").containsExactly(kfz);
		assertThat(UrlPatterns.Address.of("mailto:kfz@example.de")).isNull();
		assertThat(UrlPatterns.Address.of("ftp://kfz.example.de/zulassung")).isNull();
	}

	@Test
	void theLongestHostWinsThenTheLongestPathAndATieIsAmbiguous() {
		Solution platform = solution("Plattform", "example.de");
		Solution portal = solution("Portal", "portal.example.de");
		Solution service = solution("Dienst", "portal.example.de/dienst");
		Solution copy = solution("Kopie", "portal.example.de");
		assertThat(best("https://portal.example.de/dienst/1", platform, portal, service)).containsExactly(service);
		assertThat(best("https://portal.example.de/andere", platform, portal, service)).containsExactly(portal);
		assertThat(best("https://www.example.de/", platform, portal, service)).containsExactly(platform);
		UrlPatterns.Match tie = UrlPatterns.best(UrlPatterns.Address.of("https://portal.example.de/x"),
				List.of(platform, portal, copy));
		assertThat(tie.isUnique()).isFalse();
		assertThat(tie.solutions()).containsExactly(portal, copy);
		assertThat(tie.pattern()).isEqualTo("portal.example.de");
	}

	@Test
	void patternsAreStoredWithoutATrailingSlashAndOnce() {
		assertThat(UrlPatterns.validated(List.of("a.example.de/x/", "a.example.de/x", "b.example.de/")))
			.containsExactly("a.example.de/x", "b.example.de");
		assertThat(UrlPatterns.validated(null)).isEmpty();
	}

	private static List<Solution> best(String url, Solution... solutions) {
		return UrlPatterns.best(UrlPatterns.Address.of(url), List.of(solutions)).solutions();
	}

	private static Solution solution(String name, String... patterns) {
		return new Solution(UUID.randomUUID(), name, "s", null, UUID.randomUUID(), null, null, "OPEN_SOURCE",
				List.of(), null, null, null, List.of(), List.of(patterns), "PRODUCTION", null, null, null,
				List.of(), "SELF_REPORTED", null, "test-node", 1, null, null);
	}

}
