package de.ozgregistry.database;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import de.ozgregistry.OzgRegistryApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An external PostgreSQL that goes away (every connection dropped, new ones refused) and comes back: meanwhile every
 * request is answered with {@code UNAVAILABLE} and HTTP 503 with {@code Retry-After} (GraphQL reads and writes, token
 * authentication, CSV exports), readiness is down while liveness stays up, the outage is logged once, and the
 * registry serves again (and is ready again) by itself once the server is back.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExternalOutageTest {

	@TempDir
	Path workDir;

	@Test
	void anUnreachableDatabaseIsUnavailableLoggedOnceAndRecoveredFrom(CapturedOutput output) throws Exception {
		try (EmbeddedPostgres server = EmbeddedPostgres.builder()
			.setDataDirectory(workDir.resolve("external"))
			.setCleanDataDirectory(true)
			.start(); TcpProxy proxy = new TcpProxy(server.getPort())) {
			SpringApplication registry = new SpringApplication(OzgRegistryApplication.class);
			try (ConfigurableApplicationContext context = registry.run("--server.port=0", "--ozg.database.mode=external",
					"--ozg.database.host=localhost", "--ozg.database.port=" + proxy.port(),
					"--ozg.database.name=postgres", "--ozg.database.username=postgres", "--ozg.seed-on-start=false",
					"--ozg.illustrative-data=false", "--ozg.security.admin-token=" + RegistryClient.ADMIN_TOKEN)) {
				RegistryClient client = new RegistryClient(
						((WebServerApplicationContext) context).getWebServer().getPort());
				String vendor = client.registerVendor("Before the outage").body().path("data")
					.path("registerOrganization").path("organization").path("id").asString();
				String token = client.post("""
						mutation($input: IssueApiTokenInput!) { issueApiToken(input: $input) { token } }""",
						Map.of("input", Map.of("organizationId", vendor, "role", "VENDOR", "validDays", 1)))
					.body().path("data").path("issueApiToken").path("token").asString();

				assertThat(client.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
				int outputBefore = output.length();
				proxy.cut();
				// a load balancer takes the instance out (readiness), an orchestrator does not restart it (liveness)
				long down = System.nanoTime() + Duration.ofSeconds(20).toNanos();
				HttpResponse<String> readiness = client.get("/actuator/health/readiness");
				while (readiness.statusCode() != 503 && System.nanoTime() < down) {
					Thread.sleep(200);
					readiness = client.get("/actuator/health/readiness");
				}
				assertThat(readiness.statusCode()).as("readiness while the database is away").isEqualTo(503);
				assertThat(readiness.body()).isEqualTo("{\"status\":\"DOWN\"}");
				HttpResponse<String> liveness = client.get("/actuator/health/liveness");
				assertThat(liveness.statusCode()).as("liveness while the database is away").isEqualTo(200);
				assertThat(liveness.body()).isEqualTo("{\"status\":\"UP\"}");
				for (int i = 0; i < 20; i++) {
					assertUnavailable(client.registerVendor("During the outage " + i));
					assertUnavailable(client.post("{ organizations(first: 5) { edges { node { id name } } } }",
							Map.of()));
					assertUnavailable(client.post(token, "{ __typename }", Map.of()));
					HttpResponse<String> csv = client.get("/export/top-solutions.csv");
					assertThat(csv.statusCode()).as(csv.body()).isEqualTo(503);
					assertThat(csv.headers().firstValue("Retry-After")).hasValue("5");
					assertThat(csv.body()).contains("The database is not available right now");
				}
				String during = output.toString().substring(outputBefore);
				assertThat(during.lines().filter(line -> line.contains("Database unavailable")))
					.as("log lines of the outage").hasSize(1);
				assertThat(during).as("log during the outage").doesNotContain("Unexpected failure", "500 Server Error");

				proxy.restore();
				long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
				RegistryClient.Answer after = client.registerVendor("After the outage");
				while (after.errorCode() != null && System.nanoTime() < deadline) {
					assertThat(after.errorCode()).isEqualTo("UNAVAILABLE");
					Thread.sleep(200);
					after = client.registerVendor("After the outage");
				}
				assertThat(after.errorCode()).as(after.body().toString()).isNull();
				HttpResponse<String> ready = client.get("/actuator/health/readiness");
				while (ready.statusCode() != 200 && System.nanoTime() < deadline) {
					Thread.sleep(200);
					ready = client.get("/actuator/health/readiness");
				}
				assertThat(ready.statusCode()).as("readiness once the database is back").isEqualTo(200);
				assertThat(client.organizationName(vendor)).isEqualTo("Before the outage");
				assertThat(client.post(token, "{ __typename }", Map.of()).status()).isEqualTo(200);
			}
		}
	}

	private static void assertUnavailable(RegistryClient.Answer answer) {
		assertThat(answer.status()).as(answer.body().toString()).isEqualTo(503);
		assertThat(answer.retryAfter()).isEqualTo("5");
		assertThat(answer.errorCode()).isEqualTo("UNAVAILABLE");
		assertThat(answer.errorMessage()).isEqualTo("The database is not available right now; try again in a few "
				+ "seconds.");
	}

}
