package de.ozgregistry.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reuse funnel of issue 17 in real Chromium, signed in through the tests' real OIDC server (authorization code
 * with PKCE, its login form) and never by pasting a token: Pattensen's CIO compares three Baugenehmigung solutions,
 * asks the provider about one; the provider signs in, answers with an offer; the CIO agrees and the adoption goes
 * live; the provider's subscription receives the e-mail (GreenMail) and the signed webhook.
 */
class ReuseWalkTest extends BrowserTest {

	/** Pattensen (Region Hannover, Niedersachsen). */
	private static final String PATTENSEN = "032410013013";

	/** Bauvorbescheid und Baugenehmigung. */
	private static final int BAUGENEHMIGUNG = 10519;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static HttpServer webhook;

	private static final List<String[]> received = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void startWebhook() throws IOException {
		webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		webhook.createContext("/hook", exchange -> {
			received.add(new String[] { exchange.getRequestHeaders().getFirst("X-OZG-Signature"),
					new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) });
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		webhook.start();
	}

	@AfterAll
	static void stopWebhook() {
		webhook.stop(0);
	}

	@AfterEach
	void endSubscriptions() {
		endNotificationSubscriptions();
	}

	@Test
	void aCioGoesFromComparingToALiveAdoptionAndTheProviderIsToldByMailAndWebhook() throws Exception {
		String pattensen = municipality(PATTENSEN);
		String mailbox = "nachnutzung-" + unique("p").toLowerCase().replaceAll("[^a-z0-9]", "") + "@anbieter.example";
		String provider = execute("""
				mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { organization { id } } }""",
				Map.of("input", Map.of("kind", "IT_SERVICE_PROVIDER", "name", unique("Bau-IT Dienstleister"),
						"contactEmail", mailbox)))
			.path("registerOrganization.organization.id").entity(String.class).get();
		String production = publish(provider, unique("Bauportal Produktiv"), "PRODUCTION");
		String pilot = publish(provider, unique("Bauportal Pilot"), "PILOT");
		String retired = publish(provider, unique("Bauportal Alt"), "RETIRED");
		recordAdoption(municipality("032410001001"), production, "LIVE");
		String secret = execute(testDocument("subscribeNotifications"), Map.of("input", Map.of("organizationId", provider,
				"events", List.of("REUSE_REQUEST", "NEW_ADOPTER"), "email", mailbox, "webhookUrl",
				"http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook")))
			.path("subscribeNotifications.webhookSecret").entity(String.class).get();

		// the CIO starts at the Leistung, signs in at the identity provider and comes back to it
		session.open("/leistung/" + BAUGENEHMIGUNG);
		browser.findElement(By.cssSelector("#konto a")).click();
		signInAtTheIdentityProvider("cio@pattensen", pattensen);
		waitForPath("/leistung/" + BAUGENEHMIGUNG);
		session.rendered();
		assertThat(browser.findElement(By.id("konto")).getText()).contains("Pattensen");

		// picks the three, in the order of the cards, and compares them
		for (String id : List.of(retired, pilot, production)) {
			browser.findElement(By.id("vergleich-" + id)).click();
		}
		session.waitFor(By.cssSelector("#vergleichen[href]")).click();
		waitForPath("/vergleich");
		session.rendered();
		List<String> columns = browser.findElements(By.cssSelector(".comparison thead th"))
			.stream()
			.map(WebElement::getText)
			.toList();
		assertThat(columns).hasSize(3);
		assertThat(columns.get(0)).as("production with live users first").startsWith("Bauportal Produktiv");
		assertThat(columns.get(2)).as("retired last").startsWith("Bauportal Alt");
		assertThat(browser.findElement(By.cssSelector(".comparison")).getText()).contains("davon in Ihrem Land",
				"Rechtswege", "Offene Lizenz: offen für Sie", "Betriebsmodelle der Nutzer");
		session.check("vergleich");
		// on a phone the table scrolls inside its own box; the page itself is no wider than the screen
		session.resize(Browser.PHONE);
		try {
			assertThat(session.overflow()).as("sideways overflow of /vergleich at 390 px").isZero();
			new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions
				.visibilityOfElementLocated(By.cssSelector(".scroll-hint + .comparison.scrolls[tabindex='0'][role=region]")));
			session.check("vergleich-telefon");
		}
		finally {
			session.resize(Browser.DESKTOP);
		}
		new Select(browser.findElement(By.id("sortierung"))).selectByValue("name");
		assertThat(browser.findElement(By.cssSelector(".comparison thead th")).getText()).startsWith("Bauportal Alt");

		// asks the provider about the production one
		browser.findElement(By.partialLinkText("Nachnutzung von Bauportal Produktiv")).click();
		session.rendered();
		session.waitFor(By.id("anfrage-text")).sendKeys("Wir möchten den Bauantrag ab 2027 über Ihren zentralen Dienst anbieten.");
		new Select(browser.findElement(By.id("anfrage-betriebsmodell"))).selectByValue("CENTRAL_SERVICE");
		// Pattensen has no contact address on file: the form asks for a role mailbox (the API would refuse without)
		WebElement contact = browser.findElement(By.id("anfrage-kontakt"));
		assertThat(contact.getAttribute("required")).isNotNull();
		contact.sendKeys("bauamt@pattensen.example");
		browser.findElement(By.cssSelector("#anfrage-formular button[type=submit]")).click();
		assertThat(session.waitFor(By.cssSelector("#anfragen .message")).getText()).startsWith("Ihre Anfrage ist bei");
		String request = browser.findElement(By.id("zur-anfrage")).getAttribute("href").replaceAll(".*anfrage=([^#&]+).*", "$1");
		session.check("anfrage-gesendet");

		// the provider's publisher signs in from its organization's page and answers in the inbox
		session.signOut();
		session.open("/organisation/" + provider);
		browser.findElement(By.cssSelector("#konto a")).click();
		signInAtTheIdentityProvider("publisher@anbieter", provider);
		waitForPath("/organisation/" + provider);
		session.rendered();
		WebElement inbox = session.waitFor(By.id("anfrage-" + request));
		assertThat(inbox.getText()).contains("Anfrage von Pattensen", "ab 2027", "Mitnutzung eines zentralen Dienstes");
		inbox.findElement(By.cssSelector(".answer-conditions")).sendKeys("Kostenbeteiligung nach Einwohnern, Nachnutzungsvereinbarung.");
		inbox.findElement(By.cssSelector(".answer-next-steps")).sendKeys("Wir senden den Vertragsentwurf bis Ende Januar.");
		inbox.findElement(By.cssSelector("form.answer button[type=submit]")).click();
		waitForState(request, "ANSWERED");
		session.check("anfrage-beantwortet");

		// the CIO follows the link of the answer, agrees, and the adoption goes live
		session.signOut();
		session.open("/organisation/" + pattensen + "?anfrage=" + request);
		browser.findElement(By.cssSelector("#konto a")).click();
		signInAtTheIdentityProvider("cio@pattensen", pattensen);
		waitForPath("/organisation/" + pattensen);
		session.rendered();
		WebElement outbox = session.waitFor(By.id("anfrage-" + request));
		assertThat(outbox.getText()).contains("Angebot liegt vor", "Kostenbeteiligung nach Einwohnern");
		outbox.findElement(By.cssSelector("button.agree")).click();
		waitForState(request, "AGREED");
		assertThat(browser.findElement(By.id("anfrage-" + request)).getText()).contains("vereinbart", "in Planung");
		session.check("anfrage-vereinbart");
		String adoption = execute("query($id: ID!) { reuseRequest(id: $id) { adoption { id status } } }", Map.of("id", request))
			.path("reuseRequest.adoption.status").entity(String.class).isEqualTo("PLANNED")
			.path("reuseRequest.adoption.id").entity(String.class).get();
		browser.navigate().refresh();
		session.rendered();
		new Select(session.waitFor(By.id("status-" + adoption))).selectByValue("LIVE");
		browser.findElement(By.id("status-" + adoption)).findElement(By.xpath("./following-sibling::button")).click();
		assertThat(session.waitFor(By.cssSelector(".notice .message")).getText()).isEqualTo("Der Status ist geändert.");
		execute("query($id: ID!) { reuseRequest(id: $id) { adoption { status } } }", Map.of("id", request))
			.path("reuseRequest.adoption.status").entity(String.class).isEqualTo("LIVE");

		// the provider's subscription: the request (and the agreement) by e-mail, the new adopter by signed webhook
		eventually(20, () -> assertThat(mailsTo(mailbox)).anySatisfy(mail -> assertThat(mail).contains("Pattensen")));
		eventually(20, () -> assertThat(received).anySatisfy(call -> assertThat(call[1]).contains("NEW_ADOPTER")));
		for (String[] call : received) {
			Matcher signature = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})").matcher(call[0]);
			assertThat(signature.matches()).as(call[0]).isTrue();
			assertThat(signature.group(2)).isEqualTo(hmac(secret, signature.group(1) + "." + call[1]));
		}
		List<String> events = received.stream()
			.flatMap(call -> {
				List<String> names = new java.util.ArrayList<>();
				JSON.readTree(call[1]).path("events").forEach(event -> names.add(event.path("event").asString()));
				return names.stream();
			})
			.toList();
		assertThat(events).contains("REUSE_REQUEST", "NEW_ADOPTER");
		JsonNode adopterEvent = received.stream()
			.flatMap(call -> {
				List<JsonNode> list = new java.util.ArrayList<>();
				JSON.readTree(call[1]).path("events").forEach(list::add);
				return list.stream();
			})
			.filter(event -> event.path("event").asString().equals("NEW_ADOPTER"))
			.findFirst()
			.orElseThrow();
		assertThat(adopterEvent.path("text").asString()).startsWith("Pattensen nutzt Ihre Lösung „Bauportal Produktiv");
	}

	@Test
	void signingInAtTheIdentityProviderReturnsToThePageTheUserCameFrom() {
		String pattensen = municipality(PATTENSEN);
		session.open("/leistung/10160");
		browser.findElement(By.cssSelector("#konto a")).click();
		assertThat(browser.getCurrentUrl()).contains("/anmelden?zurueck=%2Fleistung%2F10160");
		signInAtTheIdentityProvider("cio@pattensen", pattensen);
		waitForPath("/leistung/10160");
		session.rendered();
		assertThat(browser.findElement(By.id("konto")).getText()).contains("Pattensen", "Veröffentlicher");
		assertThat((String) session.js("return sessionStorage.getItem('ozg.token')")).isNotBlank();
		// a return outside the site is not followed
		session.signOut();
		browser.get(session.url("/anmelden?zurueck=//evil.example/"));
		session.rendered();
		signInAtTheIdentityProvider("cio@pattensen", pattensen);
		session.waitFor(By.id("zur-organisation"));
		assertThat(browser.getCurrentUrl()).startsWith(session.url("/anmelden"));
	}

	/** On the sign-in page: the identity provider's button, its login form, and back with the code. */
	private void signInAtTheIdentityProvider(String user, String organization) {
		session.rendered();
		session.waitFor(By.xpath("//button[normalize-space()='Beim Identitätsanbieter anmelden']")).click();
		WebElement username = new WebDriverWait(browser, Duration.ofSeconds(15))
			.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
		assertThat(browser.getCurrentUrl()).startsWith(ISSUER.issuer()).contains("code_challenge_method=S256");
		username.sendKeys(user);
		// what the identity provider of the organizations puts in the access token: the registry as audience, the
		// organization and the roles (the registry's default claim names)
		browser.findElement(By.name("claims")).sendKeys("{\"aud\": \"" + ISSUER.audience() + "\", \"ozg_organization\": \""
				+ organization + "\", \"ozg_roles\": [\"PUBLISHER\"]}");
		browser.findElement(By.cssSelector("input[type=submit]")).click();
	}

	private void waitForPath(String path) {
		try {
			new WebDriverWait(browser, Duration.ofSeconds(20))
				.until(driver -> java.net.URI.create(driver.getCurrentUrl()).getPath().equals(path));
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			session.screenshot("nicht-auf-" + path.replace('/', '-'));
			throw new AssertionError("not on " + path + " but on " + browser.getCurrentUrl() + ":\n"
					+ browser.findElement(By.tagName("body")).getText(), ex);
		}
	}

	private void waitForState(String request, String state) {
		try {
			new WebDriverWait(browser, Duration.ofSeconds(15)).until(driver -> state
				.equals(driver.findElement(By.id("anfrage-" + request)).getAttribute("data-state")));
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			throw new AssertionError("the request is not " + state + ":\n"
					+ browser.findElement(By.id("anfrage-" + request)).getText(), ex);
		}
	}

	private String publish(String provider, String name, String lifecycle) {
		return execute("""
				mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { id } } }""",
				Map.of("input", Map.of("name", name, "summary", "Bauantrag online (Testdatensatz " + name + ")",
						"providerId", provider, "ozgIds", List.of(BAUGENEHMIGUNG), "reuseModel", "OPEN_SOURCE",
						"lifecycle", lifecycle, "legalPaths", List.of("OPEN_LICENCE"), "licence", "EUPL-1.2")))
			.path("publishSolution.solution.id").entity(String.class).get();
	}

	/** Subject and text of the e-mails to this address. */
	private static List<String> mailsTo(String address) {
		List<String> mails = new java.util.ArrayList<>();
		try {
			for (MimeMessage mail : MAIL.getReceivedMessages()) {
				if (java.util.Arrays.stream(mail.getAllRecipients()).anyMatch(to -> to.toString().equals(address))) {
					mails.add(mail.getSubject() + "\n" + mail.getContent());
				}
			}
		}
		catch (jakarta.mail.MessagingException | IOException ex) {
			throw new IllegalStateException(ex);
		}
		return mails;
	}

	private static String hmac(String secret, String text) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
	}

}
