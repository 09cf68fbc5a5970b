package de.ozgregistry.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a public-sector site must have and what a phone needs, in real headless Chromium ({@link Browser}): the legal
 * pages linked from every footer, pages that fit 390 px with the search results before the filters, the official
 * terms explained, a print stylesheet, and a confirmation before an adoption is ended. axe-core checks every page at
 * both widths.
 */
class PublicPagesTest extends BrowserTest {

	/** The wide window of these tests: a common laptop screen. */
	private static final Dimension LAPTOP = new Dimension(1366, 900);

	/** Speyer (kreisfreie Stadt, Rheinland-Pfalz): no other test writes for it. */
	private static final String SPEYER = "073180000000";

	/** Every test starts (signed out, by BrowserTest) in the wide window, on screen media. */
	@BeforeEach
	void wideWindow() {
		session.resize(LAPTOP);
	}

	@AfterEach
	void screenMedia() {
		browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
		session.resize(LAPTOP);
	}

	@Test
	void theLegalPagesAnswerInGermanWithTheOperatorsGapsSaidAndEveryFooterLinksThem() throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		Map<String, List<String>> pages = Map.of(
				"/impressum", List.of("Impressum", "§ 5 Digitale-Dienste-Gesetz", "Vertreten durch", "Aufsichtsbehörde"),
				"/datenschutz", List.of("Datenschutzerklärung", "Funktionspostfächer", "Hashwert", "Nachnutzungsanfragen",
						"Benachrichtigungen", "Zugriffsprotokoll", "Art. 77 DSGVO"),
				"/barrierefreiheit", List.of("Erklärung zur Barrierefreiheit", "Stand der Vereinbarkeit",
						"Nicht barrierefreie Inhalte", "Erstellung dieser Erklärung", "3. Dezember 2026",
						"Barrieren melden", "Durchsetzungsverfahren", "Schlichtungsstelle"));
		for (var page : pages.entrySet()) {
			// without JavaScript: the server sends the text
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(session.url(page.getKey()))).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(page.getKey()).isEqualTo(200);
			assertThat(response.body()).as(page.getKey()).contains("<html lang=\"de\">", "<title>" + page.getValue().get(0));
			session.open(page.getKey());
			assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(page.getValue().get(0));
			assertThat(browser.findElement(By.tagName("main")).getText()).contains(page.getValue());
			// the test node has no operator configured: the page says so, and invents nobody
			assertThat(browser.findElement(By.cssSelector("main .message.warning")).getText())
				.contains("hat seine Angaben noch nicht eingetragen");
			assertThat(browser.findElement(By.tagName("main")).getText()).contains("nicht angegeben (Einstellung OZG_OPERATOR_");
			String name = page.getKey().substring(1);
			session.check("recht-" + name + "-breit");
			assertThat(session.overflow()).as(page.getKey() + " wide").isZero();
			session.resize(Browser.PHONE);
			session.open(page.getKey());
			session.check("recht-" + name + "-telefon");
			screens("recht-" + name + "-telefon", 2);
			assertThat(session.overflow()).as(page.getKey() + " on a phone").isZero();
			session.resize(LAPTOP);
		}

		String civento = civento();
		for (String path : List.of("/", "/leistung/10160", "/loesung/" + civento, "/organisation/" + municipality(SPEYER),
				"/dashboard", "/import", "/anmelden", "/impressum", "/unbekannt")) {
			session.open(path.equals("/unbekannt") ? "/" : path);
			if (path.equals("/unbekannt")) {
				browser.get(session.url(path));
			}
			List<String> links = browser.findElements(By.cssSelector("footer nav[aria-label=Rechtliches] a"))
				.stream()
				.map(link -> link.getAttribute("pathname"))
				.toList();
			assertThat(links).as("footer links of " + path).contains("/impressum", "/datenschutz", "/barrierefreiheit");
		}
		browser.findElement(By.linkText("Barrierefreiheit")).click();
		session.rendered();
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Erklärung zur Barrierefreiheit");
	}

	@Test
	void onAPhoneNoPageIsWiderThanTheScreenAndAtTheLaptopNeither() {
		signIn(issueToken(organizationId("070000000000", "STATE"), "STATE_COORDINATOR"));
		List<String> paths = List.of("/?q=Baugenehmigung", "/leistung/10160", "/loesung/" + civento(),
				"/organisation/" + municipality(SPEYER), "/organisation/" + municipality("064110000000"),
				"/dashboard?ozgId=10160", "/dashboard?themenfeld=3&ebene=kreise", "/import", "/anmelden");
		List<String> tooWide = new ArrayList<>();
		for (Dimension size : List.of(Browser.PHONE, LAPTOP)) {
			session.resize(size);
			for (String path : paths) {
				session.open(path);
				if (path.startsWith("/?q=")) {
					session.waitFor(By.cssSelector(".answer-group"));
				}
				String name = "breite-" + size.width + "-" + path.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
				name = name.length() > 48 ? name.substring(0, 48) : name;
				session.check(name);
				if (size.equals(Browser.PHONE)) {
					screens(name, 10);
				}
				if (session.overflow() != 0) {
					tooWide.add(path + " at " + size.width + " px: " + session.overflow() + " px too wide, widest: "
							+ session.js("""
									const width = document.documentElement.clientWidth;
									return [...document.querySelectorAll('main *, header *, footer *')]
									  .filter((e) => e.getBoundingClientRect().right > width + 1 && !e.closest('.table-scroll'))
									  .slice(0, 3).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ');"""));
				}
			}
		}
		assertThat(tooWide).as("pages wider than the window").isEmpty();

		// the dashboard's form fits the phone, and a table wider than the phone scrolls in its box with a hint
		session.resize(Browser.PHONE);
		session.open("/dashboard?ozgId=10160");
		assertThat(((Number) session.js("return document.querySelector('form.controls-form').getBoundingClientRect().right"))
			.doubleValue()).isLessThanOrEqualTo(Browser.PHONE.width);
		WebElement table = browser.findElement(By.xpath("//table[caption[starts-with(., 'OZG-Leistungen je Themenfeld')]]/.."));
		assertThat(table.getAttribute("class")).contains("scrolls");
		assertThat(table.getAttribute("tabindex")).isEqualTo("0");
		assertThat(table.findElement(By.xpath("preceding-sibling::p[1]")).getText()).contains("seitlich");
		assertThat(table.findElement(By.xpath("preceding-sibling::p[1]")).isDisplayed()).isTrue();
	}

	@Test
	void onAPhoneTheSearchResultsComeBeforeTheFiltersWhichOpenWithAButton() {
		session.resize(Browser.PHONE);
		session.open("/?q=Hundesteuer");
		WebElement first = session.waitFor(By.cssSelector(".answer-group"));
		WebElement toggle = browser.findElement(By.cssSelector("button.facet-toggle"));
		assertThat(toggle.getText()).startsWith("Filter");
		assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("false");
		assertThat(toggle.getAttribute("aria-controls")).isEqualTo("filter-inhalt");
		List<WebElement> facets = browser.findElements(By.cssSelector(".facet-value"));
		assertThat(facets).isNotEmpty().noneMatch(WebElement::isDisplayed);
		// the first result starts on the first screen, above every filter control that is shown
		assertThat(first.getRect().getY()).as("top of the first result").isLessThan(Browser.PHONE.height / 2);
		assertThat(first.getRect().getY()).isGreaterThan(toggle.getRect().getY());
		session.check("suche-telefon-filter-zu");
		screens("suche-telefon-filter-zu", 1);

		toggle.click();
		assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
		WebElement facet = browser.findElement(By.cssSelector(".facet-value"));
		assertThat(facet.isDisplayed()).isTrue();
		session.check("suche-telefon-filter-offen");
		screens("suche-telefon-filter-offen", 2);
		assertThat(session.overflow()).isZero();
		facet.click();
		new WebDriverWait(browser, Duration.ofSeconds(10))
			.until(driver -> driver.findElement(By.cssSelector("button.facet-toggle")).getText().contains("1 aktiv"));
		assertThat(browser.findElement(By.cssSelector("button.facet-toggle")).getAttribute("aria-expanded")).isEqualTo("true");
		toggle.click();
		assertThat(browser.findElements(By.cssSelector(".facet-value"))).noneMatch(WebElement::isDisplayed);

		// on the laptop the filters stand beside the results, without the button
		session.resize(LAPTOP);
		session.open("/?q=Hundesteuer");
		session.waitFor(By.cssSelector(".answer-group"));
		assertThat(browser.findElement(By.cssSelector("button.facet-toggle")).isDisplayed()).isFalse();
		assertThat(browser.findElement(By.cssSelector(".facet-value")).isDisplayed()).isTrue();
		assertThat(browser.findElement(By.id("filter-titel")).getText()).isEqualTo("Filter");
	}

	@Test
	void theOfficialTermsAreExplainedWhereTheyAppearWithOneTextEachReachableByKeyboard() {
		String civento = civento();
		session.open("/loesung/" + civento);
		// by keyboard: Tab reaches the "?" next to Reifegrad, Enter shows the explanation, Escape hides it
		browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
		WebElement active = null;
		for (int i = 0; i < 80; i++) {
			active = browser.switchTo().activeElement();
			if ("reifegrad".equals(active.getAttribute("data-term"))) {
				break;
			}
			active.sendKeys(Keys.TAB);
		}
		assertThat(active.getAttribute("data-term")).as("focus on the Reifegrad help").isEqualTo("reifegrad");
		assertThat(active.getAttribute("aria-label")).isEqualTo("Was bedeutet „Reifegrad“?");
		assertThat(active.getAttribute("aria-expanded")).isEqualTo("false");
		active.sendKeys(Keys.ENTER);
		assertThat(active.getAttribute("aria-expanded")).isEqualTo("true");
		WebElement explanation = browser.findElement(By.id(active.getAttribute("aria-controls")));
		assertThat(explanation.isDisplayed()).isTrue();
		String reifegrad = explanation.getText();
		assertThat(reifegrad).contains("Reifegradmodell", "Stufe 3");
		session.check("begriffe-loesung-reifegrad-offen");
		element("begriffe-loesung-steckbrief", browser.findElement(By.cssSelector("section[aria-labelledby=steckbrief]")));
		active.sendKeys(Keys.ESCAPE);
		assertThat(explanation.isDisplayed()).isFalse();
		assertThat(helpTerms()).contains("reifegrad", "nachnutzungsmodell", "rechtsweg");
		browser.findElement(By.cssSelector(".adopters-list details.glossary summary")).click();
		assertThat(browser.findElement(By.cssSelector(".adopters-list details.glossary")).getText())
			.contains("Betriebsmodell", "Rechtsweg", "eigene Instanz");

		// the Leistung page: the same words, and what "abgedeckt" and "flächendeckend" mean above the map
		session.open("/leistung/10160");
		assertThat(helpTerms()).contains("reifegrad", "nachnutzungsmodell", "rechtsweg");
		assertThat(helpText("reifegrad")).isEqualTo(reifegrad);
		assertThat(definitions()).anyMatch(text -> text.startsWith("abgedeckt: Eine Gemeinde gilt als abgedeckt"))
			.anyMatch(text -> text.startsWith("flächendeckend: "));
		session.check("begriffe-leistung");

		// the dashboard: Reifegrad, flächendeckend and abgedeckt as definitions, the same texts
		session.open("/dashboard?ozgId=10160");
		assertThat(definitions()).contains("Reifegrad: " + reifegrad)
			.anyMatch(text -> text.startsWith("flächendeckend: "))
			.anyMatch(text -> text.startsWith("abgedeckt: "));

		// the search's facets and, signed in, the organization's forms: Betriebsmodell, Rechtsweg, Nachnutzungsmodell
		session.open("/?q=Hundesteuer");
		session.waitFor(By.cssSelector(".facet-value"));
		assertThat(helpTerms()).contains("reifegrad", "nachnutzungsmodell");
		String speyer = municipality(SPEYER);
		signIn(issueToken(speyer, "PUBLISHER"));
		session.open("/organisation/" + speyer);
		assertThat(helpTerms()).contains("betriebsmodell", "rechtsweg", "nachnutzungsmodell");
		WebElement betrieb = browser.findElement(By.cssSelector("button.help[data-term=betriebsmodell]"));
		betrieb.click();
		assertThat(browser.findElement(By.id(betrieb.getAttribute("aria-controls"))).getText()).contains("eigene Instanz");
		session.check("begriffe-organisation-betriebsmodell");
	}

	@Test
	void printingShowsTheContentWithoutNavigationOrFormsAndWritesOutTheLinks() {
		for (String path : List.of("/leistung/10160", "/loesung/" + civento(), "/dashboard?ozgId=10160", "/barrierefreiheit")) {
			session.open(path);
			browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
			assertThat(session.js("return getComputedStyle(document.querySelector('header.site nav')).display")).as(path)
				.isEqualTo("none");
			assertThat(session.js("return getComputedStyle(document.querySelector('footer.site nav')).display")).as(path)
				.isEqualTo("none");
			assertThat(session.js("return [...document.querySelectorAll('main form, main button, main select')]"
					+ ".every((e) => !e.checkVisibility())")).as(path + ": forms and buttons").isEqualTo(true);
			assertThat(session.js("return getComputedStyle(document.querySelector('header.site')).backgroundImage + ' '"
					+ " + getComputedStyle(document.querySelector('header.site')).backgroundColor")).as(path)
				.isEqualTo("none rgba(0, 0, 0, 0)");
			String after = (String) session.js("""
					const link = [...document.querySelectorAll('main a[href]')].find((a) => !a.closest('table, .breadcrumb'));
					return link.getAttribute('href') + ' ' + getComputedStyle(link, '::after').content;""");
			String href = after.substring(0, after.indexOf(' '));
			assertThat(after).as(path + ": a link's address is printed after it")
				.satisfiesAnyOf(text -> assertThat(text).contains("(" + href + ")"), text -> assertThat(text).contains("attr(href)"));
			assertThat(session.js("return [...document.querySelectorAll('main tr')].every((row) => getComputedStyle(row).breakInside === 'avoid')"))
				.as(path + ": table rows unbroken").isEqualTo(true);
			String name = path.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
			session.screenshot("druck-" + name.substring(0, Math.min(30, name.length())));
			browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
			assertThat(session.js("return getComputedStyle(document.querySelector('header.site nav')).display")).isNotEqualTo("none");
		}
	}

	@Test
	void endingAnAdoptionAsksFirstAndAfterSavingTheStatusIsNotPreselectedAsEnded() {
		String speyer = municipality(SPEYER);
		String provider = organizationId("070000000000", "STATE");
		String ended = recordAdoption(speyer, publishSolution(provider, unique("Beenden"), List.of(10160)), "LIVE");
		String moved = recordAdoption(speyer, publishSolution(provider, unique("Weiter"), List.of(10160)), "IN_PROGRESS");
		signIn(issueToken(speyer, "PUBLISHER"));
		session.open("/organisation/" + speyer);

		// a live adoption: its control shows "live (aktuell)", not "beendet"
		Select endedSelect = new Select(browser.findElement(By.id("status-" + ended)));
		assertThat(endedSelect.getFirstSelectedOption().getAttribute("value")).isEqualTo("LIVE");

		// choosing "beendet" asks in the page; nothing is saved yet
		endedSelect.selectByValue("DISCONTINUED");
		submitButton(ended).click();
		WebElement question = session.waitFor(By.cssSelector("#status-" + ended + " ~ .confirm [role=group]"));
		assertThat(question.getText()).contains("wirklich beenden");
		assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Ja, beenden");
		assertThat(status(ended)).isEqualTo("LIVE");
		session.check("beenden-rueckfrage");
		element("beenden-rueckfrage-tabelle", browser.findElement(By.cssSelector("section[aria-labelledby=uebernahmen]")));
		question.findElement(By.xpath(".//button[normalize-space()='Abbrechen']")).click();
		assertThat(browser.findElements(By.cssSelector("#status-" + ended + " ~ .confirm [role=group]"))).isEmpty();
		assertThat(new Select(browser.findElement(By.id("status-" + ended))).getFirstSelectedOption().getAttribute("value"))
			.isEqualTo("LIVE");
		assertThat(status(ended)).isEqualTo("LIVE");

		// confirmed, it is ended
		new Select(browser.findElement(By.id("status-" + ended))).selectByValue("DISCONTINUED");
		submitButton(ended).click();
		WebElement before = browser.findElement(By.tagName("h1"));
		session.waitFor(By.xpath("//button[normalize-space()='Ja, beenden']")).click();
		reloaded(before);
		assertThat(status(ended)).isEqualTo("DISCONTINUED");
		assertThat(browser.findElements(By.id("status-" + ended))).as("an ended adoption has no status control").isEmpty();

		// moving forward to live needs no question; afterwards the control shows the saved status, not "beendet"
		new Select(browser.findElement(By.id("status-" + moved))).selectByValue("LIVE");
		before = browser.findElement(By.tagName("h1"));
		submitButton(moved).click();
		reloaded(before);
		assertThat(status(moved)).isEqualTo("LIVE");
		assertThat(new Select(browser.findElement(By.id("status-" + moved))).getFirstSelectedOption().getAttribute("value"))
			.isEqualTo("LIVE");
		// and saving the unchanged status changes nothing
		submitButton(moved).click();
		assertThat(session.waitFor(By.cssSelector("#status-" + moved + " ~ .confirm")).getText()).contains("unverändert");
		session.check("beenden-gespeichert");
	}

	/** Waits until the page was loaded anew after a save, and says so. */
	private void reloaded(WebElement before) {
		new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.stalenessOf(before));
		session.rendered();
		assertThat(session.waitFor(By.cssSelector(".message.success")).getText()).contains("Status ist geändert");
	}

	/** The page in parts of one phone screen each, to look at (the full-page screenshot is too tall to read). */
	private void screens(String name, int parts) {
		long height = ((Number) session.js("return document.documentElement.scrollHeight")).longValue();
		int width = ((Number) session.js("return document.documentElement.clientWidth")).intValue();
		int screen = ((Number) session.js("return window.innerHeight")).intValue();
		for (int part = 0; part < parts && (long) part * screen < height; part++) {
			Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
					"captureBeyondViewport", true,
					"clip", Map.of("x", 0, "y", part * screen, "width", width, "height", screen, "scale", 1)));
			try {
				java.nio.file.Files.write(Browser.SCREENSHOTS.resolve(name + "-teil" + (part + 1) + ".png"),
						java.util.Base64.getDecoder().decode((String) shot.get("data")));
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}
	}

	private void element(String name, WebElement element) {
		try {
			java.nio.file.Files.write(Browser.SCREENSHOTS.resolve(name + ".png"),
					element.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private WebElement submitButton(String adoption) {
		return browser.findElement(By.id("status-" + adoption)).findElement(By.xpath("following-sibling::button"));
	}

	private String status(String adoption) {
		return db.sql("select status from adoption where id = :id::uuid")
			.bind("id", adoption)
			.map(row -> row.get(0, String.class))
			.one()
			.block();
	}

	@SuppressWarnings("unchecked")
	private List<String> helpTerms() {
		return (List<String>) session.js("return [...document.querySelectorAll('button.help')].map((b) => b.dataset.term)");
	}

	private String helpText(String term) {
		WebElement button = browser.findElement(By.cssSelector("button.help[data-term=" + term + "]"));
		return (String) session.js("return document.getElementById(arguments[0]).textContent", button.getAttribute("aria-controls"));
	}

	@SuppressWarnings("unchecked")
	private List<String> definitions() {
		return (List<String>) session.js("return [...document.querySelectorAll('p.definition')].map((p) => p.textContent)");
	}

	private String civento() {
		return db.sql("select id::text from solution where name like 'civento%'")
			.map(row -> row.get(0, String.class))
			.first()
			.block();
	}

	private void signIn(String token) {
		browser.get(session.url("/anmelden"));
		session.rendered();
		browser.findElement(By.id("token")).sendKeys(token);
		browser.findElement(By.cssSelector("form.panel button[type=submit]")).click();
		session.waitFor(By.cssSelector("#zur-organisation, .message.success"));
	}

}
