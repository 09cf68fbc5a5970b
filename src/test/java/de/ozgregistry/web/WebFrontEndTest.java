package de.ozgregistry.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end in real headless Chromium ({@link Browser}): a municipal CIO searches, compares and adopts a solution
 * through the web front end; axe-core checks every page against WCAG 2.1 A/AA. Runs in the shared application
 * context of the API tests.
 */
class WebFrontEndTest extends BrowserTest {

	/** Trier (kreisfreie Stadt, Rheinland-Pfalz): no other test writes for it. */
	private static final String TRIER = "072110000000";

	@Test
	void cioFindsComparesAndAdoptsASolutionAndTheDashboardShowsIt() {
		String trier = municipality(TRIER);
		String token = issueToken(trier, "PUBLISHER");

		// start and search, with an empty browser cache: the transferred size of a first visit
		browser.executeCdpCommand("Network.clearBrowserCache", Map.of());
		open("/");
		check("01-start");
		WebElement field = browser.findElement(By.id("suche"));
		field.sendKeys("Hundesteuer");
		WebElement service = waitFor(By.cssSelector(".results a[href='/leistung/10160']"));
		assertThat(browser.findElement(By.id("suche-status")).getText()).contains("Treffer");
		assertThat(browser.findElements(By.cssSelector(".result-group h2"))).isNotEmpty();
		check("02-suche-hundesteuer");

		// OZG-Leistung: solutions, coverage map with its table
		service.click();
		rendered();
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Hundehaltung");
		assertThat(browser.findElements(By.cssSelector("figure.map svg path"))).hasSize(16);
		assertThat(browser.findElement(By.cssSelector("figure.map .attribution")).getText())
			.contains("© GeoBasis-DE / BKG 2021");
		int coveredBefore = coveredInRheinlandPfalz();
		check("03-leistung-10160");
		String solutionUrl = browser.findElement(By.partialLinkText("civento")).getAttribute("href");

		// solution page
		open(solutionUrl);
		assertThat(browser.findElement(By.tagName("h1")).getText()).contains("civento");
		assertThat(browser.findElements(By.cssSelector("figure.map svg path"))).hasSizeGreaterThan(390);
		check("04-loesung");

		// sign in as a publisher of Trier
		browser.findElement(By.linkText("Melden Sie sich an")).click();
		rendered();
		check("05-anmelden");
		browser.findElement(By.id("token")).sendKeys(token);
		browser.findElement(By.cssSelector("form.panel button[type=submit]")).click();
		waitFor(By.id("zur-organisation"));
		assertThat(browser.findElement(By.id("konto")).getText()).contains("Trier");
		assertThat((String) js("return sessionStorage.getItem('ozg.token')")).isEqualTo(token);
		assertThat((String) js("return localStorage.getItem('ozg.token')")).isNull();

		// record a live adoption of the solution from its page
		open(solutionUrl);
		browser.findElement(By.partialLinkText("Übernahme für Trier erfassen")).click();
		rendered();
		new WebDriverWait(browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("gewaehlte-loesung"), "civento"));
		check("06-organisation-angemeldet");
		new Select(browser.findElement(By.id("uebernahme-status"))).selectByValue("LIVE");
		new Select(browser.findElement(By.id("uebernahme-betrieb"))).selectByValue("CENTRAL_SERVICE");
		browser.findElement(By.cssSelector("#uebernahme form button[type=submit]")).click();
		waitFor(By.cssSelector(".message.success"));
		rendered();
		assertThat(browser.findElement(By.cssSelector("section[aria-labelledby=uebernahmen] table")).getText())
			.contains("civento", "live (Nutzer)");
		check("07-organisation-uebernahme-gespeichert");

		// it counts in the coverage at once; signed in, the page says that Trier has it now (instead of options)
		open("/leistung/10160");
		assertThat(coveredInRheinlandPfalz()).isEqualTo(coveredBefore + 1);
		assertThat(waitFor(By.cssSelector(".covered-by")).getText()).contains("Eigene Übernahme", "civento");
		new Select(browser.findElement(By.id("karten-ebene"))).selectByValue("kreise");
		new WebDriverWait(browser, Duration.ofSeconds(15))
			.until(driver -> driver.findElements(By.cssSelector("figure.map svg path")).size() == 401);
		check("08-leistung-kreise-nachnutzung");

		// the coordinators' dashboard: 16 Länder on the map, with the table alternative
		open("/dashboard?ozgId=10160");
		assertThat(browser.findElements(By.cssSelector("figure.map svg path"))).hasSize(16);
		assertThat(browser.findElements(By.cssSelector("figure.map + details table tbody tr"))).hasSize(16);
		assertThat(browser.findElements(By.cssSelector("a[href^='/export/']"))).hasSizeGreaterThanOrEqualTo(4);
		check("09-dashboard-leistung");
		open("/dashboard?themenfeld=3&ebene=kreise&mass=bevoelkerung");
		assertThat(browser.findElements(By.cssSelector("figure.map svg path"))).hasSize(401);
		check("10-dashboard-themenfeld-kreise");
		open("/dashboard?ozgId=99999");
		assertThat(browser.findElement(By.cssSelector(".message.error")).getText()).contains("99999");
		check("11-dashboard-unbekannte-leistung");
	}

	@Test
	void theStartPageWorksWithTheKeyboardAlone() {
		open("/");
		WebElement body = browser.findElement(By.tagName("body"));
		body.sendKeys(Keys.TAB);
		WebElement skip = browser.switchTo().activeElement();
		assertThat(skip.getText()).isEqualTo("Zum Inhalt springen");
		skip.sendKeys(Keys.ENTER);
		assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("inhalt");
		browser.switchTo().activeElement().sendKeys(Keys.TAB);
		WebElement field = browser.switchTo().activeElement();
		assertThat(field.getAttribute("id")).isEqualTo("suche");
		field.sendKeys("Wohngeld", Keys.ENTER);
		waitFor(By.cssSelector(".best-hit a"));
		assertThat(browser.findElement(By.id("suche-status")).getText()).contains("Treffer für „Wohngeld“");
		browser.switchTo().activeElement().sendKeys(Keys.TAB);
		assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Suchen");
		browser.switchTo().activeElement().sendKeys(Keys.TAB);
		// the facets come next: toggle buttons that say whether they are pressed
		WebElement facet = browser.switchTo().activeElement();
		assertThat(facet.getAttribute("aria-pressed")).isEqualTo("false");
		facet.sendKeys(Keys.ENTER);
		// the results and facets are drawn anew after the click: an element found a moment ago may be gone
		new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
			.until(driver -> "true".equals(driver.findElement(By.cssSelector(".facet-value")).getAttribute("aria-pressed")));
	}

	@Test
	void publishingWarnsOfDuplicateWorkBeforeSaving() {
		String trier = municipality(TRIER);
		signIn(issueToken(trier, "PUBLISHER"));
		open("/organisation/" + trier);
		String name = unique("Hundesteuer Trier");
		browser.findElement(By.id("neu-name")).sendKeys(name);
		browser.findElement(By.id("neu-zusammenfassung")).sendKeys("An- und Abmeldung von Hunden");
		browser.findElement(By.id("neu-ozg")).sendKeys("10160");
		new Select(browser.findElement(By.id("neu-modell"))).selectByValue("OWN_DEVELOPMENT");
		browser.findElement(By.cssSelector("section[aria-labelledby=veroeffentlichen] button[type=submit]")).click();
		WebElement warning = waitFor(By.cssSelector("section[aria-labelledby=veroeffentlichen] .message.warning"));
		assertThat(warning.getText()).contains("Doppelarbeit", "civento");
		assertThat(count("select count(*) from solution where name = '" + name.replace("'", "''") + "'")).isZero();
		check("13-veroeffentlichen-warnung");
		browser.findElement(By.cssSelector("section[aria-labelledby=veroeffentlichen] button[type=submit]")).click();
		new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/loesung/"));
		rendered();
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(name);
	}

	/**
	 * A Land's coordinator brings in the spreadsheet it keeps (as German Excel saves CSV: semicolons, Windows-1252):
	 * checks it, sees the report row by row, then saves it.
	 */
	@Test
	void aCoordinatorImportsASpreadsheetAfterCheckingIt() throws IOException {
		String solutionName = unique("Wohngeld Hessen (Import)");
		publishSolution(municipality("064110000000"), solutionName, List.of(10160));
		signIn(issueToken(organizationId("060000000000", "STATE"), "STATE_COORDINATOR"));
		Path file = Files.createTempFile("Übernahmen Hessen", ".csv");
		Files.write(file, String.join("\r\n", "ARS;Lösung;Status;Datum;Bemerkung",
				"064110000000;" + solutionName + ";live;01.03.2024;Wissenschaftsstadt",
				"064140000000;" + solutionName + ";geplant;;", "").getBytes(java.nio.charset.Charset.forName("windows-1252")));
		open("/import");
		browser.findElement(By.id("datei")).sendKeys(file.toAbsolutePath().toString());
		browser.findElement(By.id("pruefen")).click();
		WebElement save = waitFor(By.id("uebernehmen"));
		assertThat(save.getText()).isEqualTo("2 Übernahmen speichern");
		assertThat(browser.findElement(By.id("import-status")).getText()).contains("2 neu", "Noch ist nichts gespeichert");
		assertThat(browser.findElements(By.cssSelector("#import-bericht tbody tr")))
			.extracting(row -> row.findElements(By.tagName("td")).get(0).getText())
			.containsExactly("Neu", "Neu");
		assertThat(browser.findElement(By.cssSelector("#import-bericht tbody tr")).getText()).contains("Neue Übernahme");
		assertThat(browser.findElement(By.cssSelector("#import-bericht")).getText())
			.contains("Gelesen als CSV (Windows-1252, Trennzeichen „;“)", "Nicht gelesen wird die Spalte „bemerkung“");
		assertThat(count("select count(*) from adoption a join solution s on s.id = a.solution_id where s.name = '"
				+ solutionName + "'")).as("checking writes nothing").isZero();
		check("20-import-pruefbericht");
		browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 900));
		try {
			screenshot("20-import-pruefbericht-telefon");
		}
		finally {
			browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
		}
		save.click();
		WebElement done = waitFor(By.cssSelector("#import-status .message.success"));
		assertThat(done.getText()).contains("wurde übernommen", "2 neu");
		assertThat(count("select count(*) from adoption a join solution s on s.id = a.solution_id where s.name = '"
				+ solutionName + "' and a.source = 'IMPORTED'")).isEqualTo(2);
		Files.delete(file);
	}

	/**
	 * A publisher brings in its software's publiccode.yml as a solution of its own organization (preselected from the
	 * sign-in): checks it, sees the one row CREATE and the file's notes, saves it and follows the link to the solution.
	 */
	@Test
	void aPublisherImportsAPubliccodeYmlAsASolutionOfItsOrganizationAfterCheckingIt() throws IOException {
		String trier = municipality(TRIER);
		String name = unique("Hundeanmeldung Trier (publiccode.yml)");
		signIn(issueToken(trier, "PUBLISHER"));
		Path file = Files.createTempFile("publiccode", ".yml");
		Files.writeString(file, """
				publiccodeYmlVersion: "0.4"
				name: "%s"
				url: "https://gitlab.opencode.de/stadt-trier/%s.git"
				releaseDate: "2025-03-01"
				platforms:
				  - web
				developmentStatus: stable
				softwareType: standalone/web
				organisation:
				  uri: "urn:de:ars:%s"
				description:
				  de:
				    shortDescription: "An- und Abmeldung von Hunden bei der Stadt Trier."
				    longDescription: >
				      Bürgerinnen und Bürger melden ihren Hund online an oder ab und erhalten den Bescheid über die
				      Hundesteuer elektronisch. Die Anwendung läuft im Rechenzentrum der Stadt und kann von anderen
				      Kommunen nachgenutzt werden.
				    features:
				      - "Anmeldung eines Hundes"
				legal:
				  license: EUPL-1.2
				maintenance:
				  type: "none"
				localisation:
				  localisationReady: false
				  availableLanguages:
				    - de
				""".formatted(name, name.substring(name.length() - 8), TRIER));
		open("/import?art=publiccode");
		assertThat(browser.findElement(By.id("art-publiccode")).isSelected()).isTrue();
		assertThat(browser.findElement(By.id("datei")).getAttribute("accept")).contains(".yml");
		assertThat(browser.findElement(By.id("anbieter")).getText()).contains("Trier", "Ihre Organisation");
		browser.findElement(By.id("ozg-ids")).sendKeys("10160");
		browser.findElement(By.id("datei")).sendKeys(file.toAbsolutePath().toString());
		browser.findElement(By.id("pruefen")).click();
		WebElement save = waitFor(By.id("uebernehmen"));
		assertThat(save.getText()).isEqualTo("Lösung anlegen");
		List<WebElement> cells = browser.findElements(By.cssSelector("#import-bericht tbody tr td"));
		assertThat(cells.get(0).getText()).isEqualTo("Neu");
		assertThat(cells.get(2).getText()).isEqualTo(name);
		assertThat(browser.findElement(By.cssSelector("#import-bericht ul.notes")).getText()).contains("releaseDate");
		assertThat(browser.findElement(By.cssSelector("#import-bericht ul.notes li")).getAttribute("lang")).isEqualTo("en");
		assertThat(count("select count(*) from solution where name = '" + name + "'")).as("checking writes nothing").isZero();
		check("21-import-publiccode-pruefbericht");
		save.click();
		WebElement done = waitFor(By.cssSelector("#import-status .message.success"));
		assertThat(done.getText()).contains("wurde übernommen", name, "angelegt");
		assertThat(count("select count(*) from solution s join organization o on o.id = s.provider_id where s.name = '"
				+ name + "' and o.ars = '" + TRIER + "' and s.source = 'IMPORTED'")).isEqualTo(1);
		browser.findElement(By.id("zur-loesung")).click();
		rendered();
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(name);
		Files.delete(file);
	}

	/**
	 * A coordinator gives the Open-PVOG export of its Land: the address no solution declares is listed by host,
	 * with its rows, organizations and OZG-Leistungen, so that the pattern can be added; nothing is to be saved.
	 */
	@Test
	void anOpenPvogExportListsTheHostNoSolutionDeclares() throws IOException {
		String host = "formulare-" + UUID.randomUUID().toString().substring(0, 8) + ".web-test.example";
		signIn(issueToken(organizationId("060000000000", "STATE"), "STATE_COORDINATOR"));
		Path file = Files.createTempFile("open-pvog", ".csv");
		Files.writeString(file, String.join("\n",
				"leika_key;leika_name;ars;ozgid;ozg_bezeichnung;url;online_status;aktiv;art_flaechendeckung;datenstand_pvog_import",
				"99102013000000;Hundesteuer;064120000000;10160;Hundehaltung;https://" + host + "/frankfurt/hundesteuer;true;true;flächendeckend;2025-03-01",
				"99102013000000;Hundesteuer;064110000000;10160;Hundehaltung;https://" + host + "/darmstadt/hundesteuer;ja;ja;;2025-03-01",
				"99102013000000;Hundesteuer;066110000000;10160;Hundehaltung;https://" + host + "/kassel/hundesteuer;false;true;;2025-03-01", ""));
		open("/import");
		browser.findElement(By.cssSelector("label[for=art-open-pvog]")).click();
		assertThat(browser.getCurrentUrl()).endsWith("/import?art=open-pvog");
		browser.findElement(By.id("datei")).sendKeys(file.toAbsolutePath().toString());
		browser.findElement(By.id("pruefen")).click();
		WebElement hosts = waitFor(By.id("nicht-zugeordnet"));
		WebElement row = hosts.findElement(By.cssSelector("tbody tr"));
		assertThat(row.findElement(By.tagName("th")).getText()).isEqualTo(host);
		assertThat(row.findElements(By.tagName("td"))).extracting(WebElement::getText)
			.satisfies(texts -> {
				assertThat(texts.get(0)).isEqualTo("2");
				assertThat(texts.get(1)).isEqualTo("2");
				assertThat(texts.get(2)).contains("1: 10160 Hundehaltung");
				assertThat(texts.get(3)).contains("https://" + host + "/frankfurt/hundesteuer");
			});
		assertThat(hosts.getText()).contains("URL-Muster", "prüfen Sie die Datei dann erneut");
		assertThat(browser.findElement(By.id("import-status")).getText()).contains("3 unverändert", "zu keiner Lösung");
		assertThat(browser.findElements(By.cssSelector("#import-bericht > section:first-child tbody tr"))).hasSize(3);
		assertThat(browser.findElements(By.id("uebernehmen"))).as("nothing to save").isEmpty();
		check("22-import-open-pvog-adressen");
		browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 900));
		try {
			screenshot("22-import-open-pvog-adressen-telefon");
		}
		finally {
			browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
		}
		Files.delete(file);
	}

	/**
	 * The admin checks a newer OZG catalogue (a dry run only: applying it would change the catalogue every other test
	 * reads): the current version is shown, an OZG-Leistung the file leaves out is the row "–" that would be retired.
	 */
	@Test
	void theAdminChecksANewerCatalogueAndSeesWhatWouldBeRetired() throws IOException {
		signIn(ADMIN_TOKEN, false);
		String seed = Files.readString(Path.of("seed-data/catalog/ozg_leistungen.csv"));
		List<String> lines = new ArrayList<>();
		lines.add("ozg_id;ozg_leistung;lebenslage;themenfeld;katalog_version;katalog_stand");
		for (List<String> record : de.ozgregistry.imports.Spreadsheet.records(seed, ',', "file")) {
			if (record.size() >= 4 && record.get(0).matches("[0-9]{5}") && !record.get(0).equals("10160")) {
				lines.add(String.join(";", record.subList(0, 4).stream()
					.map(cell -> cell.contains(";") ? "\"" + cell + "\"" : cell).toList()) + ";2099-01;01.01.2099");
			}
		}
		lines.add("10699;Digitale Beispielleistung (Web-Test);Geburt;Familie & Kind;2099-01;01.01.2099");
		Path file = Files.createTempFile("ozg-katalog", ".csv");
		Files.write(file, (String.join("\r\n", lines) + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
		long current = count("select max(number) from catalogue_version");
		open("/import?art=katalog");
		assertThat(waitFor(By.id("katalog-version")).getText()).contains("Aktuell geladen: Version " + current, "OZG-Leistungen");
		browser.findElement(By.id("datei")).sendKeys(file.toAbsolutePath().toString());
		browser.findElement(By.id("pruefen")).click();
		WebElement save = waitFor(By.id("uebernehmen"));
		assertThat(save.getText()).startsWith("Katalogversion laden (1 neu, ");
		WebElement retired = browser.findElement(By.xpath("//*[@id='import-bericht']//tbody/tr[td[2][starts-with(normalize-space(.), '10160')]]"));
		assertThat(retired.findElement(By.tagName("th")).getText()).isEqualTo("–\nnicht in der Datei (wird stillgelegt)");
		assertThat(browser.findElement(By.xpath("//*[@id='import-bericht']//tbody/tr[td[2][starts-with(normalize-space(.), '10699')]]")).getText())
			.contains("Neu", "10699 Digitale Beispielleistung (Web-Test)");
		assertThat(browser.findElement(By.cssSelector("#unveraenderte-zeilen summary")).getText())
			.as("the unchanged rows folded below the changes").endsWith("unveränderte Zeilen zeigen");
		assertThat(count("select max(number) from catalogue_version")).as("checking loads nothing").isEqualTo(current);
		screenshot("23-import-katalog-pruefbericht");
		Files.delete(file);
	}

	@Test
	void anOrganizationPageWithoutSignInShowsGapsButNoForms() {
		open("/organisation/" + municipality("064110000000"));
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Darmstadt");
		assertThat(browser.findElement(By.cssSelector("section[aria-labelledby=luecken] table")).getText())
			.contains("Beste Option");
		assertThat(browser.findElements(By.id("uebernahme"))).isEmpty();
		check("12-organisation-darmstadt");
	}

	@Test
	void unknownPagesAndUnknownOzgServicesSayNotFoundInGerman() {
		open("/leistung/99999");
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("OZG-Leistung nicht gefunden");
		browser.get(url("/unbekannt"));
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Seite nicht gefunden");
		assertThat(browser.getPageSource()).doesNotContain("Whitelabel");
		browser.findElement(By.linkText("Zur Suche")).click();
		rendered();
		assertThat(browser.getCurrentUrl()).isEqualTo(url("/"));
		browser.get(url("/unbekannt"));
		check("15-seite-nicht-gefunden");
	}

	@Test
	void graphiqlWorksOfflineFromTheRegistrysOwnFiles() {
		browser.get(url("/graphiql?query=" + java.net.URLEncoder.encode("{ themenfelder { name } }",
				java.nio.charset.StandardCharsets.UTF_8)));
		waitFor(By.cssSelector(".graphiql-execute-button")).click();
		new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> driver
			.findElement(By.cssSelector(".result-window")).getText().contains("Bauen & Wohnen"));

		// the schema loaded by GraphiQL's own introspection query: the documentation explorer shows the Query type
		waitFor(By.cssSelector("button[aria-label='Show Documentation Explorer']")).click();
		waitFor(By.cssSelector(".graphiql-doc-explorer a.graphiql-doc-explorer-type-name")).click();
		new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> driver
			.findElement(By.cssSelector(".graphiql-doc-explorer-title")).getText().equals("Query"));
		assertThat(browser.findElement(By.cssSelector(".graphiql-doc-explorer")).getText()).contains("ozgServices");

		// every script and stylesheet of the page, and everything it fetched, from the registry's own origin
		String origin = url("");
		@SuppressWarnings("unchecked")
		List<String> assets = (List<String>) js("return [...document.querySelectorAll('script, link[rel~=stylesheet]')]"
				+ ".map(e => e.tagName === 'SCRIPT' ? (e.src || 'inline script') : e.href)");
		assertThat(assets).as("scripts and stylesheets of /graphiql").hasSizeGreaterThanOrEqualTo(5)
			.allSatisfy(asset -> assertThat(asset).startsWith(origin + "/graphiql/"));
		@SuppressWarnings("unchecked")
		List<String> fetched = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name)");
		assertThat(fetched).as("everything /graphiql fetched").isNotEmpty()
			.allSatisfy(resource -> assertThat(resource).matches(java.util.regex.Pattern.quote(origin) + "/.*|data:.*"));
		screenshot("16-graphiql");
	}

	@Test
	void aPublisherMovesAnAdoptionForward() {
		String trier = municipality(TRIER);
		String solution = publishSolution(organizationId("070000000000", "STATE"), unique("Status"), List.of(10160));
		String adoption = recordAdoption(trier, solution, "PLANNED");
		signIn(issueToken(trier, "PUBLISHER"));
		open("/organisation/" + trier);
		// one record per body: the kreisfreie Stadt is shown as Kreis and Gemeinde in one
		assertThat(browser.findElement(By.cssSelector("main dl")).getText()).contains("Kreisfreie Stadt (zugleich Kreis, Gemeinde)");
		new Select(browser.findElement(By.id("status-" + adoption))).selectByValue("IN_PROGRESS");
		browser.findElement(By.id("status-" + adoption)).findElement(By.xpath("following-sibling::button")).click();
		assertThat(waitFor(By.cssSelector(".message.success")).getText()).contains("Status ist geändert");
		rendered();
		assertThat(browser.findElement(By.id("status-" + adoption)).findElement(By.xpath("ancestor::tr")).getText())
			.contains("in Umsetzung");
	}

	@Test
	void theAdminChoosesTheOrganizationAnAdoptionIsFor() {
		signIn(ADMIN_TOKEN, false);
		String solution = db.sql("select id::text from solution where name like 'civento%'")
			.map(row -> row.get(0, String.class))
			.first()
			.block();
		open("/loesung/" + solution);
		browser.findElement(By.id("fuer-organisation")).sendKeys("Trier", Keys.ENTER);
		waitFor(By.partialLinkText("Übernahme für Trier (Kreisfreie Stadt")).click();
		rendered();
		new WebDriverWait(browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("gewaehlte-loesung"), "civento"));
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Trier");
	}

	@Test
	void anOidcTokenSignsIn() {
		browser.get(url("/anmelden"));
		rendered();
		browser.findElement(By.id("token")).sendKeys(ISSUER.token(TRIER, "PUBLISHER"));
		browser.findElement(By.cssSelector("form.panel button[type=submit]")).click();
		waitFor(By.id("zur-organisation"));
		assertThat(browser.findElement(By.id("konto")).getText()).contains("Trier", "Veröffentlicher");
	}

	@Test
	void anInvalidTokenIsRefusedInGerman() {
		browser.get(url("/anmelden"));
		rendered();
		browser.findElement(By.id("token")).sendKeys("ozg_unknown_token_0123456789");
		browser.findElement(By.cssSelector("form.panel button[type=submit]")).click();
		WebElement error = waitFor(By.cssSelector(".message.error"));
		assertThat(error.getText()).contains("Anmeldung fehlgeschlagen", "Token ist ungültig");
		assertThat((String) js("return sessionStorage.getItem('ozg.token')")).isNull();
	}

	@Test
	@SuppressWarnings("unchecked")
	void theDashboardUsesAChosenThemenfeldFindsLeistungenLikeTheSearchAndDownloadsXlsx() throws IOException {
		// the prefilled OZG-ID no longer wins silently over a chosen Themenfeld
		open("/dashboard");
		assertThat(browser.findElement(By.id("ozg-id")).getAttribute("value")).isEqualTo("10160");
		new Select(browser.findElement(By.id("themenfeld"))).selectByVisibleText("Bauen & Wohnen");
		assertThat(browser.findElement(By.id("nach-themenfeld")).isSelected()).isTrue();
		assertThat(browser.findElement(By.id("auswahl")).getText()).contains("Themenfeld „Bauen & Wohnen“");
		browser.findElement(By.cssSelector("form.controls-form button[type=submit]")).click();
		new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("themenfeld=2"));
		rendered();
		assertThat(browser.getCurrentUrl()).doesNotContain("ozgId");
		assertThat(browser.findElement(By.id("karte")).getText()).isEqualTo("Abdeckung von Themenfeld „Bauen & Wohnen“");
		assertThat(browser.findElement(By.id("auswahl")).getText()).startsWith("Angezeigt: Themenfeld „Bauen & Wohnen“");
		assertThat(browser.findElements(By.cssSelector("figure.map svg path"))).hasSize(16);
		assertThat(browser.findElement(By.cssSelector("a[href^='/export/themenfeld-coverage.xlsx']")).getAttribute("href"))
			.contains("themenfeld=2");
		check("17-dashboard-themenfeld-gewaehlt");

		// the Leistung finder is the start page's search: "Hundesteuer" finds Hundehaltung
		browser.findElement(By.id("ozg-name")).sendKeys("Hundesteuer", Keys.ENTER);
		WebElement first = waitFor(By.xpath("(//ul[@aria-label='Gefundene OZG-Leistungen']//button)[1]"));
		assertThat(first.getText()).as("the first hit, as on the start page").isEqualTo("Hundehaltung (10160)");
		first.click();
		assertThat(browser.findElement(By.id("ozg-id")).getAttribute("value")).isEqualTo("10160");
		assertThat(browser.findElement(By.id("nach-leistung")).isSelected()).isTrue();
		browser.findElement(By.cssSelector("form.controls-form button[type=submit]")).click();
		new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("ozgId=10160"));
		rendered();
		assertThat(browser.getCurrentUrl()).doesNotContain("themenfeld=");

		// the XLSX behind the download link, fetched by the page: keys as text, shares as percent cells
		WebElement link = browser.findElement(By.cssSelector("a[href^='/export/coverage.xlsx']"));
		assertThat(link.getText()).contains("XLSX");
		Map<String, Object> download = (Map<String, Object>) browser.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				fetch(arguments[0]).then(async (response) => {
				  const bytes = new Uint8Array(await response.arrayBuffer());
				  let binary = '';
				  for (const b of bytes) binary += String.fromCharCode(b);
				  done({ status: response.status, type: response.headers.get('content-type'),
				         disposition: response.headers.get('content-disposition'), body: btoa(binary) });
				});""", link.getAttribute("href"));
		assertThat(download.get("status")).isEqualTo(200L);
		assertThat((String) download.get("type")).startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
		assertThat((String) download.get("disposition")).contains("ozg-abdeckung-10160-hundehaltung-laender-deutschland-");
		byte[] xlsx = Base64.getDecoder().decode((String) download.get("body"));
		try (var workbook = new org.dhatim.fastexcel.reader.ReadableWorkbook(new java.io.ByteArrayInputStream(xlsx),
				new org.dhatim.fastexcel.reader.ReadingOptions(true, false));
				var rows = workbook.getFirstSheet().openStream()) {
			List<org.dhatim.fastexcel.reader.Row> sheet = rows.toList();
			assertThat(sheet).hasSize(17);
			assertThat(sheet.get(0).getCell(0).getText()).isEqualTo("ARS");
			org.dhatim.fastexcel.reader.Row hessen = sheet.stream()
				.filter(row -> "Hessen".equals(row.getCell(1).getText()))
				.findFirst()
				.orElseThrow();
			assertThat(hessen.getCell(0).getType()).isEqualTo(org.dhatim.fastexcel.reader.CellType.STRING);
			assertThat(hessen.getCell(0).asString()).isEqualTo("060000000000");
			assertThat(hessen.getCell(4).getType()).isEqualTo(org.dhatim.fastexcel.reader.CellType.NUMBER);
			assertThat(hessen.getCell(4).getDataFormatString()).isEqualTo("0.00%");
			assertThat(hessen.getCell(4).asNumber().doubleValue()).isGreaterThan(0.01).isLessThanOrEqualTo(1.0);
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void theSolutionPageShowsAllAdoptersTheMapOfAllOfThemAndALandFilter() {
		String civento = db.sql("select id::text from solution where name like 'civento%'")
			.map(row -> row.get(0, String.class))
			.first()
			.block();
		Map<String, Object> api = execute("""
				query($id: ID!) { solution(id: $id) { liveAdoptionCount adopterCounts { status count }
				  adoptions(first: 100) { totalCount pageInfo { endCursor } }
				  useByRegion(level: DISTRICT) { code liveAdopters }
				  rlp: adoptions(first: 1, land: "07") { totalCount } } }""", Map.of("id", civento))
			.path("solution").entity(Map.class).get();
		int live = (Integer) api.get("liveAdoptionCount");
		int total = (Integer) ((Map<String, Object>) api.get("adoptions")).get("totalCount");
		assertThat(total).as("civento has more adoptions than a page").isGreaterThan(100);

		open("/loesung/" + civento);
		// one definition of Nutzer: the page's numbers are the API's
		assertThat(browser.findElement(By.id("nutzer-zahl")).getText().replace(".", "")).isEqualTo(String.valueOf(live));
		Map<String, String> words = Map.of("INTERESTED", "interessiert", "PLANNED", "in Planung", "IN_PROGRESS",
				"in Umsetzung", "DISCONTINUED", "beendet");
		String text = browser.findElement(By.id("nutzer-text")).getText();
		for (Map<String, Object> entry : (List<Map<String, Object>>) api.get("adopterCounts")) {
			if (!"LIVE".equals(entry.get("status")) && (Integer) entry.get("count") > 0) {
				assertThat(text).contains(entry.get("count") + " " + words.get((String) entry.get("status")));
			}
		}

		// the map is drawn from all adopters: every Kreis with a Nutzer is coloured, also one that sorts after 100
		for (Map<String, Object> use : (List<Map<String, Object>>) api.get("useByRegion")) {
			if ((Integer) use.get("liveAdopters") > 0) {
				assertThat(kreisClass((String) use.get("code"))).as("Kreis " + use.get("code")).matches("c[1-6]");
			}
		}
		String after = (String) ((Map<String, Object>) ((Map<String, Object>) api.get("adoptions")).get("pageInfo"))
			.get("endCursor");
		List<Map<String, Object>> later = execute("""
				query($id: ID!, $after: String) { solution(id: $id) { adoptions(first: 100, after: $after) {
				  edges { node { status organization { kind ars } } } } } }""", Map.of("id", civento, "after", after))
			.path("solution.adoptions.edges[*].node").entityList(Map.class).get().stream()
			.map(node -> (Map<String, Object>) node)
			.filter(node -> "LIVE".equals(node.get("status"))
					&& "MUNICIPALITY".equals(((Map<String, Object>) node.get("organization")).get("kind")))
			.toList();
		assertThat(later).as("live Gemeinden after position 100").isNotEmpty();
		String kreis = ((String) ((Map<String, Object>) later.get(0).get("organization")).get("ars")).substring(0, 5);
		assertThat(kreisClass(kreis)).as("the Kreis of an adopter after position 100").matches("c[1-6]");
		check("17-loesung-alle-nutzer");

		// paging reaches every adopter
		By rows = By.cssSelector(".adopters-list tbody tr");
		assertThat(browser.findElements(rows)).hasSize(100);
		while (!browser.findElements(By.id("weitere-uebernahmen")).isEmpty()) {
			int before = browser.findElements(rows).size();
			browser.findElement(By.id("weitere-uebernahmen")).click();
			new WebDriverWait(browser, Duration.ofSeconds(15))
				.until(driver -> driver.findElements(rows).size() > before);
		}
		assertThat(browser.findElements(rows)).hasSize(total);
		assertThat(browser.findElement(By.id("uebernahmen-stand")).getText())
			.startsWith(String.format(java.util.Locale.GERMANY, "%,d von %,d", total, total));

		// the Land filter shows only that Land's adopters, all of them
		int inRheinlandPfalz = (Integer) ((Map<String, Object>) api.get("rlp")).get("totalCount");
		new Select(browser.findElement(By.id("filter-land"))).selectByValue("07");
		new WebDriverWait(browser, Duration.ofSeconds(15)).until(driver -> driver.findElements(rows).size() == inRheinlandPfalz);
		assertThat(browser.findElements(rows)).extracting(row -> row.findElements(By.tagName("td")).get(1).getText())
			.containsOnly("Rheinland-Pfalz");
		check("18-loesung-land-rheinland-pfalz");

		// signed in, the viewer's Land is chosen
		signIn(issueToken(municipality(TRIER), "PUBLISHER"));
		open("/loesung/" + civento);
		new WebDriverWait(browser, Duration.ofSeconds(15)).until(driver -> driver.findElements(rows).size() > 0
				&& driver.findElement(By.id("uebernahmen-stand")).getText().contains("Rheinland-Pfalz"));
		assertThat(new Select(browser.findElement(By.id("filter-land"))).getFirstSelectedOption().getAttribute("value"))
			.isEqualTo("07");
		assertThat(browser.findElements(rows)).extracting(row -> row.findElements(By.tagName("td")).get(1).getText())
			.containsOnly("Rheinland-Pfalz");
	}

	/** The colour class of a Kreis on the map of the page. */
	private String kreisClass(String code) {
		return browser.findElement(By.cssSelector("figure.map svg path[data-code='" + code + "']")).getAttribute("class");
	}

	@Test
	void aTownCoveredByItsLandIsToldSoAndOptionsElsewhereExplainTheirScore() {
		signIn(issueToken(municipality(TRIER), "PUBLISHER"));
		open("/leistung/10000");
		WebElement covered = waitFor(By.cssSelector(".covered-by"));
		assertThat(covered.getText()).contains("Über Land Rheinland-Pfalz", "ElterngeldDigital", "live seit 11.10.2019");
		assertThat(browser.findElements(By.xpath("//caption[starts-with(., 'Nachnutzungsoptionen')]"))).isEmpty();
		check("18-leistung-bereits-abgedeckt");

		session.signOut();
		signIn(issueToken(organizationId("091750000000", "DISTRICT"), "PUBLISHER"));
		open("/leistung/10000");
		waitFor(By.xpath("//caption[starts-with(., 'Nachnutzungsoptionen für Ebersberg')]"));
		assertThat(browser.findElement(By.cssSelector(".score-explanations")).getText()).contains("ElterngeldDigital");
		WebElement why = browser.findElement(By.cssSelector(".score-explanations details"));
		why.findElement(By.tagName("summary")).click();
		assertThat(why.getText()).contains("Punkte", "Rechtsweg", "+");
		check("19-leistung-punkte-erklaert");
	}

	@Test
	void theSearchAnswersHundesteuerWithHundehaltungAndItsSolutionsFirst() {
		session.signOut();
		open("/?q=Hundesteuer");
		WebElement first = waitFor(By.cssSelector(".results .result-group:first-child .answer-group"));
		assertThat(first.findElement(By.cssSelector("h3")).getText()).isEqualTo("Hundehaltung");
		assertThat(first.getAttribute("class")).contains("best-hit");
		assertThat(first.findElements(By.cssSelector(".answer-solutions a")))
			.anyMatch(link -> link.getText().startsWith("civento"));
		assertThat(first.findElement(By.cssSelector(".answer-solutions li")).getText()).containsPattern("[0-9.]+ Nutzer");
		// the matching LeiKa-Leistungen are folded under it
		WebElement leika = first.findElement(By.cssSelector("details.answer-leika"));
		assertThat(leika.getAttribute("open")).isNull();
		assertThat(leika.findElement(By.tagName("summary")).getText()).contains("passende LeiKa-Leistungen");
		leika.findElement(By.tagName("summary")).click();
		assertThat(leika.findElement(By.cssSelector("li")).getText()).contains("Hundesteuer");
		check("suche-antwort-hundesteuer");
		// every list pages on: the next ten OZG-Leistungen for "steuer"
		open("/?q=steuer");
		waitFor(By.cssSelector(".answer-groups > li"));
		assertThat(browser.findElements(By.cssSelector(".answer-groups > li"))).hasSize(10);
		browser.findElement(By.cssSelector(".result-group > .more > .more-button")).click();
		new WebDriverWait(browser, Duration.ofSeconds(10))
			.until(driver -> driver.findElements(By.cssSelector(".answer-groups > li")).size() == 20);
		// signed in: the live users in the viewer's Land (Darmstadt, Hessen: civento is used across Hessen)
		signIn(issueToken(municipality("064110000000"), "PUBLISHER"));
		open("/?q=Hundesteuer");
		WebElement civento = waitFor(By.cssSelector(".answer-group .answer-solutions li"));
		assertThat(civento.getText()).containsPattern("davon [1-9][0-9.]* in Ihrem Land");
		check("suche-antwort-angemeldet");
		session.signOut();
	}

	private void signIn(String token) {
		signIn(token, true);
	}

	private void signIn(String token, boolean forAnOrganization) {
		browser.get(url("/anmelden"));
		rendered();
		browser.findElement(By.id("token")).sendKeys(token);
		browser.findElement(By.cssSelector("form.panel button[type=submit]")).click();
		waitFor(forAnOrganization ? By.id("zur-organisation") : By.cssSelector(".message.success"));
	}

	/** The covered Gemeinden of Rheinland-Pfalz in the Länder table of the OZG-Leistung page. */
	private int coveredInRheinlandPfalz() {
		WebElement row = browser.findElement(By.xpath(
				"//figure[contains(@class,'map')]/following-sibling::details//tr[th[normalize-space()='Rheinland-Pfalz']]"));
		return Integer.parseInt(row.findElements(By.tagName("td")).get(1).getAttribute("textContent").replace(".", "").strip());
	}

	private String url(String path) {
		return session.url(path);
	}

	private void open(String path) {
		session.open(path);
	}

	private void rendered() {
		session.rendered();
	}

	private WebElement waitFor(By by) {
		return session.waitFor(by);
	}

	private Object js(String script) {
		return session.js(script);
	}

	private void check(String name) {
		session.check(name);
	}

	private void screenshot(String name) {
		session.screenshot(name);
	}

}
