package de.ozgregistry.security;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import de.ozgregistry.support.ApiTest;

import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every mutation × every kind of caller: each cell asserts the outcome (allowed, {@code FORBIDDEN} or
 * {@code UNAUTHENTICATED}) and, after every denial, that nothing in the database changed.
 * <p>
 * The target organization X is the Gemeinde Darmstadt (Hessen); its solution names the vendor V (registered without
 * a Land). The token cases revoke tokens of several ranks: a caller may revoke only what it could issue (its own token
 * is covered in {@code ApiTokenApiTest}, since revoking it here would end the caller's later cells).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest extends ApiTest {

	private static final String DARMSTADT = "064110000000";

	private static final String WIESBADEN = "064140000000";

	private static final String MAINZ = "073150000000";

	/** Who calls. */
	enum Caller {

		ANONYMOUS, EXPIRED_API_TOKEN, REVOKED_API_TOKEN, UNKNOWN_API_TOKEN, FORGED_OIDC_TOKEN, EXPIRED_OIDC_TOKEN,
		OIDC_TOKEN_OF_OTHER_ISSUER, OIDC_TOKEN_FOR_OTHER_AUDIENCE, PUBLISHER_OWN_ORGANIZATION,
		OIDC_PUBLISHER_OWN_ORGANIZATION, PUBLISHER_OTHER_ORGANIZATION_SAME_LAND, PUBLISHER_OTHER_LAND,
		VENDOR_OF_THE_SOLUTION, OTHER_VENDOR, STATE_COORDINATOR_OWN_LAND, STATE_COORDINATOR_OTHER_LAND,
		FEDERAL_COORDINATOR, ADMIN;

		boolean invalidCredentials() {
			return ordinal() >= EXPIRED_API_TOKEN.ordinal() && ordinal() <= OIDC_TOKEN_FOR_OTHER_AUDIENCE.ordinal();
		}

	}

	/**
	 * A mutation with a fresh target for every cell, who may call it, and the code every other authenticated caller
	 * gets ({@code FORBIDDEN}, or {@code VALIDATION_FAILED} for input that no caller may send).
	 */
	record Case(String name, Set<Caller> allowed, String denial) {

		Case(String name, Set<Caller> allowed) {
			this(name, allowed, "FORBIDDEN");
		}

		@Override
		public String toString() {
			return name;
		}

	}

	private static final Set<Caller> ACTS_FOR_X = EnumSet.of(Caller.PUBLISHER_OWN_ORGANIZATION,
			Caller.OIDC_PUBLISHER_OWN_ORGANIZATION, Caller.STATE_COORDINATOR_OWN_LAND, Caller.ADMIN);

	/** Who may update a solution of X that names V as vendor (without changing who the vendor is). */
	private static final Set<Caller> UPDATES_FOR_X = EnumSet.of(Caller.PUBLISHER_OWN_ORGANIZATION,
			Caller.OIDC_PUBLISHER_OWN_ORGANIZATION, Caller.VENDOR_OF_THE_SOLUTION, Caller.STATE_COORDINATOR_OWN_LAND,
			Caller.ADMIN);

	private static final Set<Caller> COORDINATES_X = EnumSet.of(Caller.STATE_COORDINATOR_OWN_LAND, Caller.ADMIN);

	private static final Set<Caller> ONLY_ADMIN = EnumSet.of(Caller.ADMIN);

	static Stream<Arguments> cells() {
		List<Case> cases = List.of(new Case("publishSolution", ACTS_FOR_X),
				new Case("publishSolutionProvidedByTheVendor", EnumSet.of(Caller.VENDOR_OF_THE_SOLUTION, Caller.ADMIN)),
				new Case("updateSolution", UPDATES_FOR_X), new Case("updateSolutionRemovingTheVendor", ACTS_FOR_X),
				new Case("updateSolutionNamingAnotherVendor", ACTS_FOR_X), new Case("recordAdoption", ACTS_FOR_X),
				new Case("recordAdoptionWithAReservedSource", EnumSet.noneOf(Caller.class), "VALIDATION_FAILED"),
				new Case("updateAdoptionStatus", ACTS_FOR_X), new Case("confirmAdoption", ACTS_FOR_X),
				new Case("disputeAdoption", ACTS_FOR_X), new Case("registerOrganization", COORDINATES_X),
				new Case("updateOrganization", ACTS_FOR_X), new Case("issueApiToken", COORDINATES_X),
				new Case("issueApiTokenForACoordinator", ONLY_ADMIN), new Case("revokeApiToken", COORDINATES_X),
				new Case("revokeApiTokenOfACoordinator", ONLY_ADMIN),
				new Case("revokeApiTokenWithTheAdminRole", ONLY_ADMIN),
				new Case("revokeApiTokenOfTheVendor", ONLY_ADMIN),
				new Case("setResponsibilityDefault", EnumSet.of(Caller.FEDERAL_COORDINATOR, Caller.ADMIN)),
				new Case("setResponsibilityForTheLand", COORDINATES_X),
				new Case("setResponsibilityForX", COORDINATES_X),
				// X asks Mainz's provider, X answers as provider (Wiesbaden asked), X agrees to Mainz's offer
				new Case("requestReuse", ACTS_FOR_X), new Case("answerReuseRequest", ACTS_FOR_X),
				new Case("declineReuseRequest", ACTS_FOR_X), new Case("agreeReuseRequest", ACTS_FOR_X),
				new Case("subscribeNotifications", ACTS_FOR_X), new Case("unsubscribeNotifications", ACTS_FOR_X));
		List<Arguments> cells = new ArrayList<>();
		for (Case mutation : cases) {
			for (Caller caller : Caller.values()) {
				cells.add(Arguments.of(mutation, caller));
			}
		}
		return cells.stream();
	}

	private final Map<Caller, String> tokens = new EnumMap<>(Caller.class);

	private String x;

	private String vendor;

	private String otherVendor;

	private String hessen;

	private String solutionOfMainz;

	@BeforeAll
	void tokens() {
		x = municipality(DARMSTADT);
		String wiesbaden = municipality(WIESBADEN);
		String mainz = municipality(MAINZ);
		vendor = registerVendor();
		otherVendor = registerVendor();
		hessen = organizationId("060000000000", "STATE");
		solutionOfMainz = solutionOf(mainz);
		tokens.put(Caller.ANONYMOUS, null);
		String expired = issueToken(x, "PUBLISHER");
		db.sql("update api_token set expires_at = now() - interval '1 minute' where token_prefix = :prefix")
			.bind("prefix", expired.substring(0, 10))
			.fetch()
			.rowsUpdated()
			.block();
		tokens.put(Caller.EXPIRED_API_TOKEN, expired);
		String revoked = issueToken(x, "PUBLISHER");
		String revokedId = db.sql("select id::text from api_token where token_prefix = :prefix")
			.bind("prefix", revoked.substring(0, 10))
			.map(row -> row.get(0, String.class))
			.one()
			.block();
		execute("mutation($id: ID!) { revokeApiToken(input: { id: $id }) { apiToken { revokedAt } } }",
				Map.of("id", revokedId)).path("revokeApiToken.apiToken.revokedAt").hasValue();
		tokens.put(Caller.REVOKED_API_TOKEN, revoked);
		tokens.put(Caller.UNKNOWN_API_TOKEN, "ozg_thisTokenWasNeverIssuedByTheRegistry0000000000");
		tokens.put(Caller.FORGED_OIDC_TOKEN, ISSUER.forgedToken(DARMSTADT, "PUBLISHER"));
		tokens.put(Caller.EXPIRED_OIDC_TOKEN, ISSUER.expiredToken(DARMSTADT, "PUBLISHER"));
		tokens.put(Caller.OIDC_TOKEN_OF_OTHER_ISSUER, ISSUER.tokenFromOtherIssuer(DARMSTADT, "PUBLISHER"));
		tokens.put(Caller.OIDC_TOKEN_FOR_OTHER_AUDIENCE, ISSUER.tokenForOtherAudience(DARMSTADT, "PUBLISHER"));
		tokens.put(Caller.PUBLISHER_OWN_ORGANIZATION, issueToken(x, "PUBLISHER"));
		tokens.put(Caller.OIDC_PUBLISHER_OWN_ORGANIZATION, ISSUER.token(DARMSTADT, "PUBLISHER"));
		tokens.put(Caller.PUBLISHER_OTHER_ORGANIZATION_SAME_LAND, issueToken(wiesbaden, "PUBLISHER"));
		tokens.put(Caller.PUBLISHER_OTHER_LAND, issueToken(mainz, "PUBLISHER"));
		tokens.put(Caller.VENDOR_OF_THE_SOLUTION, issueToken(vendor, "VENDOR"));
		tokens.put(Caller.OTHER_VENDOR, issueToken(otherVendor, "VENDOR"));
		tokens.put(Caller.STATE_COORDINATOR_OWN_LAND, issueToken(hessen, "STATE_COORDINATOR"));
		tokens.put(Caller.STATE_COORDINATOR_OTHER_LAND,
				issueToken(organizationId("070000000000", "STATE"), "STATE_COORDINATOR"));
		tokens.put(Caller.FEDERAL_COORDINATOR, issueToken(db.sql("select id::text from organization where kind = "
				+ "'FEDERAL'").map(row -> row.get(0, String.class)).one().block(), "FEDERAL_COORDINATOR"));
		tokens.put(Caller.ADMIN, ADMIN_TOKEN);
	}

	private String registerVendor() {
		return execute("mutation($name: String!) { registerOrganization(input: { kind: VENDOR, name: $name }) "
				+ "{ organization { id } } }", Map.of("name", unique("Vendor GmbH")))
			.path("registerOrganization.organization.id")
			.entity(String.class)
			.get();
	}

	@ParameterizedTest(name = "{0} by {1}")
	@MethodSource("cells")
	void everyMutationIsAllowedOnlyForTheRightCallers(Case mutation, Caller caller) {
		Request request = prepare(mutation.name());
		List<Long> before = fingerprint();
		GraphQlTester.Response response = executeAs(tokens.get(caller), request.document(), request.variables());
		List<String> codes = new ArrayList<>();
		response.errors().satisfy(errors -> errors.stream()
			.map(ResponseError::getExtensions)
			.forEach(extensions -> codes.add(String.valueOf(extensions.get("code")))));
		if (mutation.allowed().contains(caller)) {
			assertThat(codes).as("errors").isEmpty();
			assertThat(fingerprint()).as("the change is written").isNotEqualTo(before);
			return;
		}
		String expected = (caller == Caller.ANONYMOUS || caller.invalidCredentials()) ? "UNAUTHENTICATED"
				: mutation.denial();
		assertThat(codes).as("error codes").containsExactly(expected);
		assertThat(fingerprint()).as("nothing changed after the denial").isEqualTo(before);
	}

	/** A document with variables, targeting fresh records so that every allowed cell can succeed. */
	record Request(String document, Map<String, Object> variables) {
	}

	private Request prepare(String mutation) {
		return switch (mutation) {
			case "publishSolution" -> new Request("""
					mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { id } } }""",
					Map.of("input", Map.of("name", unique("Matrix"), "summary", "s", "providerId", x, "vendorId", vendor,
							"ozgIds", List.of(10160), "reuseModel", "COMMERCIAL", "lifecycle", "PRODUCTION")));
			case "publishSolutionProvidedByTheVendor" -> new Request("""
					mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { id } } }""",
					Map.of("input", Map.of("name", unique("Matrix V"), "summary", "s", "providerId", vendor,
							"ozgIds", List.of(10160), "reuseModel", "COMMERCIAL", "lifecycle", "PRODUCTION")));
			case "updateSolution" -> updateSolution(Map.of("summary", "changed"));
			case "updateSolutionRemovingTheVendor" -> {
				Map<String, Object> change = new HashMap<>();
				change.put("vendorId", null);
				yield updateSolution(change);
			}
			case "updateSolutionNamingAnotherVendor" -> updateSolution(Map.of("vendorId", otherVendor));
			case "recordAdoption" -> recordAdoptionRequest(solutionOf(municipality(MAINZ)), Map.of());
			// refused for every caller, so one solution serves all cells
			case "recordAdoptionWithAReservedSource" -> recordAdoptionRequest(solutionOfMainz,
					Map.of("source", "PROVIDER_REPORTED"));
			case "updateAdoptionStatus" -> new Request("""
					mutation($input: UpdateAdoptionStatusInput!) { updateAdoptionStatus(input: $input) { adoption { id } } }""",
					Map.of("input", Map.of("id", recordAdoption(x, solutionOf(municipality(MAINZ)), "PLANNED"),
							"status", "LIVE")));
			case "confirmAdoption" -> new Request("""
					mutation($id: ID!) { confirmAdoption(input: { adoptionId: $id }) { adoption { id } } }""",
					Map.of("id", recordAdoption(municipality(WIESBADEN), solutionOfX(), "LIVE")));
			case "disputeAdoption" -> new Request("""
					mutation($id: ID!) { disputeAdoption(input: { adoptionId: $id, reason: "Nicht bei uns" }) { adoption { id } } }""",
					Map.of("id", recordAdoption(municipality(WIESBADEN), solutionOfX(), "LIVE")));
			case "registerOrganization" -> new Request("""
					mutation($name: String!) { registerOrganization(input: { kind: IT_SERVICE_PROVIDER, name: $name,
					  landArs: "060000000000" }) { organization { id } } }""", Map.of("name", unique("Rechenzentrum")));
			case "updateOrganization" -> new Request("""
					mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { version } } }""",
					Map.of("input", Map.of("id", x, "expectedVersion", versionOf(x), "website",
							"https://www.darmstadt.de/" + unique("p").replace(' ', '-'))));
			case "issueApiToken" -> new Request("""
					mutation($org: ID!) { issueApiToken(input: { organizationId: $org, role: PUBLISHER }) { token } }""",
					Map.of("org", x));
			case "issueApiTokenForACoordinator" -> new Request("""
					mutation($org: ID!) {
					  issueApiToken(input: { organizationId: $org, role: STATE_COORDINATOR }) { token }
					}""",
					Map.of("org", hessen));
			case "revokeApiToken" -> revokeApiToken(x, "PUBLISHER");
			case "revokeApiTokenOfACoordinator" -> revokeApiToken(hessen, "STATE_COORDINATOR");
			case "revokeApiTokenWithTheAdminRole" -> revokeApiToken(x, "ADMIN");
			case "revokeApiTokenOfTheVendor" -> revokeApiToken(vendor, "VENDOR");
			// the default is set to what it says (FEDERAL), the Land and X rules are withdrawn ones: every allowed cell
			// writes a change, none changes what other tests see
			case "setResponsibilityDefault" -> setResponsibility(Map.of("levels", List.of("FEDERAL")));
			case "setResponsibilityForTheLand" -> setResponsibility(Map.of("land", "06", "levels", List.of()));
			case "setResponsibilityForX" -> setResponsibility(Map.of("organizationId", x, "levels", List.of()));
			case "requestReuse" -> new Request("""
					mutation($input: RequestReuseInput!) { requestReuse(input: $input) { reuseRequest { id } } }""",
					Map.of("input", Map.of("organizationId", x, "solutionId", solutionOf(municipality(MAINZ)),
							"message", "Wir möchten die Lösung nachnutzen.", "contactEmail", "digital@darmstadt.example")));
			case "answerReuseRequest" -> new Request("""
					mutation($input: AnswerReuseRequestInput!) { answerReuseRequest(input: $input) { reuseRequest { state } } }""",
					Map.of("input", Map.of("id", reuseRequest(municipality(WIESBADEN), solutionOfX()), "decision", "OFFER",
							"conditions", "Kostenbeteiligung nach EfA-Vertrag", "nextSteps", "Termin vereinbaren")));
			case "declineReuseRequest" -> new Request("""
					mutation($input: AnswerReuseRequestInput!) { answerReuseRequest(input: $input) { reuseRequest { state } } }""",
					Map.of("input", Map.of("id", reuseRequest(municipality(WIESBADEN), solutionOfX()), "decision",
							"DECLINE", "reason", "Keine Kapazität")));
			case "agreeReuseRequest" -> new Request("""
					mutation($id: ID!) { agreeReuseRequest(input: { id: $id }) { reuseRequest { state } } }""",
					Map.of("id", answered(reuseRequest(x, solutionOf(municipality(MAINZ))))));
			case "subscribeNotifications" -> new Request("""
					mutation($input: SubscribeNotificationsInput!) {
					  subscribeNotifications(input: $input) { subscription { id } } }""",
					Map.of("input", Map.of("organizationId", x, "events", List.of("NEW_ADOPTER"), "email",
							"digital@darmstadt.example")));
			case "unsubscribeNotifications" -> new Request("""
					mutation($id: ID!) { unsubscribeNotifications(input: { id: $id }) { subscription { active } } }""",
					Map.of("id", subscription(x)));
			default -> throw new IllegalArgumentException(mutation);
		};
	}

	/** A reuse request of the organization for the solution, made by the admin. */
	private String reuseRequest(String organizationId, String solutionId) {
		return execute("""
				mutation($input: RequestReuseInput!) { requestReuse(input: $input) { reuseRequest { id } } }""",
				Map.of("input", Map.of("organizationId", organizationId, "solutionId", solutionId, "message",
						"Nachnutzung?", "contactEmail", "digital@stadt.example")))
			.path("requestReuse.reuseRequest.id")
			.entity(String.class)
			.get();
	}

	/** The request, answered with an offer by the admin. */
	private String answered(String id) {
		execute("""
				mutation($id: ID!) { answerReuseRequest(input: { id: $id, decision: OFFER, conditions: "c", nextSteps: "n" }) {
				  reuseRequest { state } } }""", Map.of("id", id)).path("answerReuseRequest.reuseRequest.state")
			.entity(String.class)
			.isEqualTo("ANSWERED");
		return id;
	}

	/** A fresh subscription of the organization, made by the admin. */
	private String subscription(String organizationId) {
		return execute("""
				mutation($org: ID!) { subscribeNotifications(input: { organizationId: $org, events: [NEW_ADOPTER],
				  email: "digital@stadt.example" }) { subscription { id } } }""", Map.of("org", organizationId))
			.path("subscribeNotifications.subscription.id")
			.entity(String.class)
			.get();
	}

	/** The subscriptions the matrix made end with it, so that no later test's registry searches its change log. */
	@AfterAll
	void endSubscriptions() {
		endNotificationSubscriptions();
	}

	/** Sets a rule of Zuständigkeit for the Verstoßdatei im Seefischereigesetz (10580, a Bund task). */
	private Request setResponsibility(Map<String, Object> scope) {
		Map<String, Object> input = new HashMap<>(scope);
		input.put("ozgId", 10580);
		input.put("source", "Matrix-Test");
		input.put("note", unique("Matrix"));
		return new Request("""
				mutation($input: SetResponsibilityInput!) { setResponsibility(input: $input) { rule { version } } }""",
				Map.of("input", input));
	}

	/** Changes a fresh solution of X that names V as vendor. */
	private Request updateSolution(Map<String, Object> change) {
		Map<String, Object> input = new HashMap<>(change);
		input.put("id", solutionOfX());
		input.put("expectedVersion", 1);
		return new Request("""
				mutation($input: UpdateSolutionInput!) { updateSolution(input: $input) { solution { version } } }""",
				Map.of("input", input));
	}

	/** Records an adoption by X of this solution. */
	private Request recordAdoptionRequest(String solutionId, Map<String, Object> extra) {
		Map<String, Object> input = new HashMap<>(extra);
		input.put("organizationId", x);
		input.put("solutionId", solutionId);
		input.put("status", "PLANNED");
		return new Request("""
				mutation($input: RecordAdoptionInput!) { recordAdoption(input: $input) { adoption { id } } }""",
				Map.of("input", input));
	}

	/** Revokes a fresh token of this organization and role, issued by the admin. */
	private Request revokeApiToken(String organizationId, String role) {
		String token = issueToken(organizationId, role);
		String id = db.sql("select id::text from api_token where token_prefix = :prefix")
			.bind("prefix", token.substring(0, 10))
			.map(row -> row.get(0, String.class))
			.one()
			.block();
		return new Request("mutation($id: ID!) { revokeApiToken(input: { id: $id }) { apiToken { id } } }",
				Map.of("id", id));
	}

	private String solutionOfX() {
		return execute("""
				mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { id } } }""",
				Map.of("input", Map.of("name", unique("Matrix X"), "summary", "s", "providerId", x, "vendorId", vendor,
						"ozgIds", List.of(10160), "reuseModel", "COMMERCIAL", "lifecycle", "PRODUCTION")))
			.path("publishSolution.solution.id")
			.entity(String.class)
			.get();
	}

	private String solutionOf(String provider) {
		return publishSolution(provider, unique("Matrix other"), List.of(10160));
	}

	private int versionOf(String organizationId) {
		return (int) count("select version from organization where id = '" + organizationId + "'");
	}

	/**
	 * Everything a mutation can change: the change log, the tokens and their revocations, the versions of solutions,
	 * adoptions, organizations, rules of Zuständigkeit and reuse requests, and the notification subscriptions and
	 * those active (one statement, to keep the matrix fast).
	 */
	private List<Long> fingerprint() {
		return db.sql("""
				select (select count(*) from change_log), (select count(*) from api_token),
				       (select count(*) from api_token where revoked_at is not null),
				       (select coalesce(sum(version), 0) from solution), (select coalesce(sum(version), 0) from adoption),
				       (select coalesce(sum(version), 0) from organization),
				       (select coalesce(sum(version), 0) from responsibility_rule),
				       (select coalesce(sum(version), 0) from reuse_request),
				       (select count(*) from notification_subscription),
				       (select count(*) from notification_subscription where active)""")
			.map(row -> java.util.stream.IntStream.range(0, 10)
				.mapToObj(i -> ((Number) row.get(i)).longValue())
				.toList())
			.one()
			.block();
	}

}
