package de.ozgregistry.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import de.ozgregistry.security.SecurityProperties;
import de.ozgregistry.support.ApiTest;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The web front end over HTTP: clean page URLs, a strict CSP, map shapes, gzip and cache headers. */
class WebRoutesTest extends ApiTest {

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@ParameterizedTest
	@ValueSource(strings = { "/", "/leistung/10160", "/loesung/5f0c0f5e-1d1e-4b7a-9d5e-2b8e4a1c7f00",
			"/organisation/abc", "/dashboard", "/anmelden", "/vergleich", "/impressum", "/datenschutz", "/barrierefreiheit" })
	void everyPageUrlServesTheGermanShellUnderAStrictPolicy(String path) throws Exception {
		HttpResponse<String> response = get(path, Map.of());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).contains("<html lang=\"de\">", "Zum Inhalt springen", "/ui/app.js")
			.doesNotContain("<script>", "style=");
		String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
		// the browser signs in at the tests' OIDC issuer: the page may call that origin and no other
		String issuerOrigin = java.net.URI.create(ISSUER.issuer()).resolve("/").toString().replaceAll("/$", "");
		assertThat(csp).contains("script-src 'self';", "style-src 'self';", "connect-src 'self' " + issuerOrigin + ";",
				"object-src 'none'", "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval", "esm.sh", "https:");
		assertThat(csp.replace(issuerOrigin, "")).doesNotContain("http:");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/impressum:Impressum", "/datenschutz:Datenschutzerklärung",
			"/barrierefreiheit:Erklärung zur Barrierefreiheit" })
	void theLegalPagesComeRenderedFromTheServerInGerman(String pathAndHeading) throws Exception {
		String[] parts = pathAndHeading.split(":");
		HttpResponse<String> response = get(parts[0], Map.of());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("<title>" + parts[1] + " – OZG-Registry</title>", "<h1>" + parts[1] + "</h1>",
				"data-rendered=\"server\"", "href=\"/impressum\"", "href=\"/datenschutz\"", "href=\"/barrierefreiheit\"")
			.doesNotContain("Die Seite wird geladen", "{{");
	}

	@Test
	void scriptsAndStylesAreStaticFilesWithCacheHeaders() throws Exception {
		for (String path : List.of("/ui/app.js", "/ui/api.js", "/ui/pages/start.js", "/ui/tables.js", "/ui/style.css")) {
			HttpResponse<String> response = get(path, Map.of());
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			assertThat(response.headers().firstValue("Cache-Control")).as(path).hasValue("max-age=600, public");
		}
	}

	@Test
	void mapsAreCompactSvgPathsOfAllLaenderAndKreiseWithTheirAttribution() throws Exception {
		JsonMapper json = JsonMapper.builder().build();
		JsonNode laender = json.readTree(get("/karten/laender.json", Map.of()).body());
		assertThat(laender.get("regions")).hasSize(16);
		assertThat(laender.get("attribution").asString()).contains("© GeoBasis-DE / BKG 2021 (Daten verändert)");
		assertThat(laender.get("regions").get(0).get("code").asString()).isEqualTo("01");
		assertThat(laender.get("regions").get(0).get("d").asString()).startsWith("M").endsWith("z");
		HttpResponse<String> kreise = get("/karten/kreise.json", Map.of());
		assertThat(json.readTree(kreise.body()).get("regions")).hasSize(401);
		assertThat(kreise.body().length()).as("Kreise shapes, uncompressed").isLessThan(400_000);
		assertThat(kreise.headers().firstValue("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("max-age=86400"));
		String etag = kreise.headers().firstValue("ETag").orElseThrow();
		assertThat(get("/karten/kreise.json", Map.of("If-None-Match", etag)).statusCode()).isEqualTo(304);
	}

	@Test
	void largeResponsesGoOutGzipped() throws Exception {
		HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/karten/kreise.json"))
			.header("Accept-Encoding", "gzip")
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(response.body().length).as("Kreise shapes, gzipped").isLessThan(150_000);
		try (GZIPInputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
			assertThat(new String(unzipped.readAllBytes())).contains("\"regions\"");
		}
	}

	@Test
	void theFrontEndIsToldTheIssuerItSignsInAt() throws Exception {
		assertThat(get("/ui/config.json", Map.of()).body()).startsWith("{\"oidc\":{")
			.contains("\"issuer\":\"" + ISSUER.issuer() + "\"", "\"clientId\":\"" + ISSUER.audience() + "\"",
					"\"scope\":\"openid\"");
	}

	@Test
	void withoutAnOidcClientTheFrontEndOffersOnlyTokens() {
		SecurityProperties.Oidc oidc = new SecurityProperties.Oidc("https://idp.example/realms/ozg", "", "", "",
				"ozg-registry", "ozg_organization", "ozg_roles", "", "openid");
		assertThat(WebRoutes.publicConfig(oidc)).containsEntry("oidc", null);
	}

	@Test
	void withAnOidcClientTheFrontEndGetsThePublicClientConfiguration() {
		SecurityProperties.Oidc oidc = new SecurityProperties.Oidc("https://idp.example/realms/ozg", "", "", "",
				"ozg-registry", "ozg_organization", "ozg_roles", "ozg-web", "openid profile");
		assertThat(WebRoutes.publicConfig(oidc)).containsEntry("oidc",
				Map.of("issuer", "https://idp.example/realms/ozg", "clientId", "ozg-web", "scope", "openid profile"));
	}

	@Test
	void anUnknownPathIsAGerman404PageWithAWayBackNotSpringsDefault() throws Exception {
		HttpResponse<String> response = get("/unbekannt", Map.of("Accept", "text/html"));
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).contains("lang=\"de\"", "Seite nicht gefunden", "href=\"/\"", "href=\"/impressum\"",
				"href=\"/datenschutz\"", "href=\"/barrierefreiheit\"")
			.doesNotContain("Whitelabel", "Not Found", "<script", "<style");
	}

	private HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
		headers.forEach(request::header);
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
