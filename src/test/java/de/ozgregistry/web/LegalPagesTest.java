package de.ozgregistry.web;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The legal pages filled with an operator's settings, without the application: escaped, linked, nothing invented. */
class LegalPagesTest {

	private static final String SHELL = """
			<!doctype html><html lang="de"><head><title>OZG-Registry</title></head><body>
			<main id="inhalt" tabindex="-1"><p>Die Seite wird geladen …</p></main><footer>Fuß</footer></body></html>""";

	private static OperatorProperties configured() {
		return new OperatorProperties("Stadt Beispielhausen <Amt für Digitales>", "Rathausplatz 1; 12345 Beispielhausen",
				"digitales@beispielhausen.example", "+49 1234 5678-0", "Oberbürgermeisterin Erika Beispiel",
				"Landesdirektion Beispiel", "Datenschutzbeauftragte der Stadt\ndatenschutz@beispielhausen.example",
				"Landesbeauftragte für den Datenschutz Beispielland", "barrierefrei@beispielhausen.example",
				"Ombudsstelle für barrierefreie IT des Landes Beispielland", LocalDate.of(2027, 1, 15));
	}

	private static OperatorProperties unconfigured() {
		return new OperatorProperties("", "", "", "", "", "", "", "", "", "", LocalDate.of(2026, 12, 3));
	}

	@Test
	void anImpressumShowsTheConfiguredOperatorEscapedAndLinked() {
		String page = new LegalPages(SHELL, configured()).html(LegalPages.Page.IMPRESSUM);
		assertThat(page).contains("<title>Impressum – OZG-Registry</title>", "data-rendered=\"server\"",
				"Stadt Beispielhausen &lt;Amt für Digitales&gt;", "Rathausplatz 1<br>\n12345 Beispielhausen",
				"<a href=\"mailto:digitales@beispielhausen.example\">digitales@beispielhausen.example</a>",
				"+49 1234 5678-0", "Oberbürgermeisterin Erika Beispiel", "Landesdirektion Beispiel", "<footer>Fuß</footer>")
			.doesNotContain("<Amt", "Die Seite wird geladen", "nicht angegeben", "noch nicht eingetragen", "{{");
	}

	@Test
	void theDataProtectionAndAccessibilityPagesUseTheirOwnContacts() {
		LegalPages pages = new LegalPages(SHELL, configured());
		assertThat(pages.html(LegalPages.Page.DATENSCHUTZ)).contains("Datenschutzbeauftragte der Stadt<br>",
				"mailto:datenschutz@beispielhausen.example", "Landesbeauftragte für den Datenschutz Beispielland")
			.doesNotContain("nicht angegeben", "{{");
		assertThat(pages.html(LegalPages.Page.BARRIEREFREIHEIT)).contains("mailto:barrierefrei@beispielhausen.example",
				"Ombudsstelle für barrierefreie IT des Landes Beispielland", "15. Januar 2027")
			.doesNotContain("schlichtungsstelle-bgg.de", "nicht angegeben", "{{");
	}

	@Test
	void withoutSettingsEveryGapIsNamedWithItsVariableAndTheFederalSchlichtungsstelleIsGiven() {
		LegalPages pages = new LegalPages(SHELL, unconfigured());
		for (LegalPages.Page page : LegalPages.Page.values()) {
			assertThat(pages.html(page)).as(page.path).contains("noch nicht eingetragen", "nicht angegeben (Einstellung <code>OZG_OPERATOR_NAME</code>)");
		}
		assertThat(pages.html(LegalPages.Page.IMPRESSUM)).contains("OZG_OPERATOR_SUPERVISORY_AUTHORITY", "OZG_OPERATOR_REPRESENTATIVE");
		assertThat(pages.html(LegalPages.Page.BARRIEREFREIHEIT)).contains("OZG_OPERATOR_ACCESSIBILITY_CONTACT",
				"schlichtungsstelle-bgg.de", "OZG_OPERATOR_ENFORCEMENT_BODY", "3. Dezember 2026");
	}

	@Test
	void theAccessibilityFeedbackGoesToTheGeneralAddressWhenNoOwnIsGiven() {
		OperatorProperties operator = new OperatorProperties("Amt", "Weg 1", "amt@example.org", "", "", "", "", "", "", "",
				LocalDate.of(2026, 12, 3));
		assertThat(new LegalPages(SHELL, operator).html(LegalPages.Page.BARRIEREFREIHEIT))
			.contains("<p class=\"contact\"><a href=\"mailto:amt@example.org\">amt@example.org</a></p>")
			.doesNotContain("noch nicht eingetragen");
	}

}
