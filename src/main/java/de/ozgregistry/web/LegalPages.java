package de.ozgregistry.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.core.io.ClassPathResource;

/**
 * The pages a German public-sector site must have: Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit
 * (BITV 2.0 § 7). Rendered on the server into the front end's shell, so that they work without JavaScript; the texts
 * are in {@code web/rechtliches/}, the operator's details come from {@link OperatorProperties} and are put in as
 * escaped text. What the operator has not configured is said on the page, never made up.
 */
final class LegalPages {

	/** The pages by path: the heading-less title and the fragment of the main element. */
	enum Page {

		IMPRESSUM("impressum", "Impressum"), DATENSCHUTZ("datenschutz", "Datenschutzerklärung"),
		BARRIEREFREIHEIT("barrierefreiheit", "Erklärung zur Barrierefreiheit");

		final String path;

		final String title;

		Page(String path, String title) {
			this.path = path;
			this.title = title;
		}

	}

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z]+)}}");

	private static final DateTimeFormatter GERMAN_DATE = DateTimeFormatter.ofPattern("d. MMMM yyyy", Locale.GERMAN);

	private final Map<Page, String> pages = new LinkedHashMap<>();

	LegalPages(String shell, OperatorProperties operator) {
		Map<String, String> values = values(operator);
		for (Page page : Page.values()) {
			String fragment = fill(read("web/rechtliches/" + page.path + ".html"), values);
			pages.put(page, intoShell(shell, page.title, fragment));
		}
	}

	static LegalPages of(OperatorProperties operator) {
		return new LegalPages(read("web/index.html"), operator);
	}

	String html(Page page) {
		return pages.get(page);
	}

	/** The shell with this title and main content; the front end's script sees {@code data-rendered} and leaves it. */
	private static String intoShell(String shell, String title, String fragment) {
		int start = shell.indexOf("<main ");
		int end = shell.indexOf("</main>");
		if (start < 0 || end < 0 || !shell.contains("<title>OZG-Registry</title>")) {
			throw new IllegalStateException("web/index.html has no <title>OZG-Registry</title> and <main>");
		}
		return shell.substring(0, start).replace("<title>OZG-Registry</title>", "<title>" + title + " – OZG-Registry</title>")
				+ "<main id=\"inhalt\" tabindex=\"-1\" class=\"legal\" data-rendered=\"server\">\n" + fragment
				+ shell.substring(end);
	}

	/** The HTML each placeholder stands for. */
	static Map<String, String> values(OperatorProperties operator) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("name", text(operator.name(), "OZG_OPERATOR_NAME"));
		values.put("address", lines(operator.address(), "OZG_OPERATOR_ADDRESS"));
		values.put("email", email(operator.email(), "OZG_OPERATOR_EMAIL"));
		values.put("phone", text(operator.phone(), "OZG_OPERATOR_PHONE"));
		values.put("representative", text(operator.representative(), "OZG_OPERATOR_REPRESENTATIVE"));
		values.put("supervisoryAuthority", lines(operator.supervisoryAuthority(), "OZG_OPERATOR_SUPERVISORY_AUTHORITY"));
		values.put("dataProtectionOfficer", contact(operator.dataProtectionOfficer(), "OZG_OPERATOR_DATA_PROTECTION_OFFICER"));
		values.put("dataProtectionAuthority", lines(operator.dataProtectionAuthority(), "OZG_OPERATOR_DATA_PROTECTION_AUTHORITY"));
		String accessibility = operator.accessibilityContact().isBlank() ? operator.email() : operator.accessibilityContact();
		values.put("accessibilityContact", contact(accessibility, "OZG_OPERATOR_ACCESSIBILITY_CONTACT"));
		values.put("enforcementBody", operator.enforcementBody().isBlank() ? FEDERAL_ENFORCEMENT
				: "<p>" + lines(operator.enforcementBody(), "OZG_OPERATOR_ENFORCEMENT_BODY") + "</p>");
		values.put("statementDate", escape(GERMAN_DATE.format(operator.accessibilityStatementDate())));
		values.put("notice", operator.configured() ? "" : NOT_CONFIGURED);
		return values;
	}

	private static final String NOT_CONFIGURED = """
			<div class="message warning" role="note">
			<p><strong>Der Betreiber dieses Registry-Knotens hat seine Angaben noch nicht eingetragen.</strong> Wo unten
			„nicht angegeben“ steht, fehlen sie; sie werden mit den Einstellungen <code>OZG_OPERATOR_*</code> gesetzt
			(siehe README, Abschnitt „Configuration“). Bis dahin ist diese Seite unvollständig.</p>
			</div>""";

	/** The Schlichtungsstelle of the Bund, when the operator named no enforcement body. */
	private static final String FEDERAL_ENFORCEMENT = """
			<p>Für öffentliche Stellen des Bundes: Schlichtungsstelle nach dem Behindertengleichstellungsgesetz bei dem
			Beauftragten der Bundesregierung für die Belange von Menschen mit Behinderungen, Mauerstraße 53,
			10117 Berlin, E-Mail <a href="mailto:info@schlichtungsstelle-bgg.de">info@schlichtungsstelle-bgg.de</a>,
			<a href="https://www.schlichtungsstelle-bgg.de">www.schlichtungsstelle-bgg.de</a>.</p>
			<p>Für öffentliche Stellen der Länder und Kommunen ist die Durchsetzungs- oder Ombudsstelle des jeweiligen
			Landes zuständig. <span class="unconfigured">Welche für diesen Knoten gilt, hat der Betreiber nicht angegeben
			(Einstellung <code>OZG_OPERATOR_ENFORCEMENT_BODY</code>).</span></p>""";

	static String fill(String template, Map<String, String> values) {
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String value = values.get(matcher.group(1));
			if (value == null) {
				throw new IllegalStateException("unknown placeholder {{" + matcher.group(1) + "}}");
			}
			matcher.appendReplacement(out, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	private static String missing(String variable) {
		return "<span class=\"unconfigured\">nicht angegeben (Einstellung <code>" + variable + "</code>)</span>";
	}

	private static String text(String value, String variable) {
		return value.isBlank() ? missing(variable) : escape(value.strip());
	}

	private static String lines(String value, String variable) {
		if (value.isBlank()) {
			return missing(variable);
		}
		return Arrays.stream(value.split("\\R|;"))
			.map(String::strip)
			.filter(line -> !line.isEmpty())
			.map(LegalPages::escape)
			.collect(Collectors.joining("<br>\n"));
	}

	private static String email(String value, String variable) {
		if (value.isBlank()) {
			return missing(variable);
		}
		String address = value.strip();
		return isEmail(address) ? "<a href=\"mailto:" + escape(address) + "\">" + escape(address) + "</a>" : escape(address);
	}

	/** A contact: an e-mail address becomes a link; anything else (a name and address, a URL) is shown as text. */
	private static String contact(String value, String variable) {
		if (value.isBlank()) {
			return missing(variable);
		}
		List<String> parts = new ArrayList<>();
		for (String line : value.split("\\R|;")) {
			String part = line.strip();
			if (part.isEmpty()) {
				continue;
			}
			if (isEmail(part)) {
				parts.add("<a href=\"mailto:" + escape(part) + "\">" + escape(part) + "</a>");
			}
			else if (part.startsWith("https://")) {
				parts.add("<a href=\"" + escape(part) + "\">" + escape(part) + "</a>");
			}
			else {
				parts.add(escape(part));
			}
		}
		return String.join("<br>\n", parts);
	}

	private static boolean isEmail(String value) {
		return value.matches("[^\\s@<>\"]+@[^\\s@<>\"]+\\.[^\\s@<>\"]+");
	}

	static String escape(String value) {
		return value.replace("&", "&amp;")
			.replace("<", "&lt;")
			.replace(">", "&gt;")
			.replace("\"", "&quot;")
			.replace("'", "&#39;");
	}

	private static String read(String path) {
		try (var in = new ClassPathResource(path).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
