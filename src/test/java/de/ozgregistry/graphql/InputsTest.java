package de.ozgregistry.graphql;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The text rules of {@link Inputs}, without the application. */
class InputsTest {

	@ParameterizedTest
	@ValueSource(strings = { "a\u0000b", "\uD83D", "x\uDE00", "\u202Eevil", "\u202A", "\u202B", "\u202C", "\u202D",
			"\u2066", "\u2067", "\u2068", "\u2069", "\u001B", "\u0085", "\u009F" })
	void hostileTextIsRefusedEverywhere(String text) {
		assertThatThrownBy(() -> Inputs.text("Name " + text, "input.x", 100, true))
			.isInstanceOfSatisfying(RegistryException.class, ex -> assertThat(ex.extensions())
				.containsEntry("field", "input.x")
				.containsEntry("rule", "unicode"));
		assertThatThrownBy(() -> Inputs.requireClean(text, "filter.name")).isInstanceOf(RegistryException.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "a\nb", "a\rb", "a\tb", "a\u2028b", "a\u2029b", "a\u000Bb", "a\u000Cb" })
	void lineBreaksAreRefusedInSingleLineTexts(String text) {
		assertThatThrownBy(() -> Inputs.line(text, "input.name", 100, true)).isInstanceOf(RegistryException.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "a\nb", "a\r\nb", "a\tb" })
	void lineBreaksAndTabsStayAllowedInLongTexts(String text) {
		assertThat(Inputs.text(text, "input.description", 100, true)).isEqualTo(text);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Straße & Söhne", "\u05E9\u05DC\u05D5\u05DD\u200F (Hebräisch)", "\u0645\u0631\u062D\u0628\u0627\u200E",
			"\u061C\u0661", "Emoji \uD83D\uDE00", "=1+1" })
	void ordinaryAndRightToLeftTextIsAccepted(String text) {
		assertThat(Inputs.line(text, "input.name", 100, true)).isEqualTo(text);
	}

}
