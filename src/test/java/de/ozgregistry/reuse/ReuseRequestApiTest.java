package de.ozgregistry.reuse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import org.springframework.graphql.test.tester.GraphQlTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The funnel of a reuse request over HTTP: Pattensen (Niedersachsen) asks Darmstadt's solution, Darmstadt offers,
 * Pattensen agrees, and its adoption goes from INTERESTED to PLANNED; who sees a request; the rules of its inputs.
 */
class ReuseRequestApiTest extends ApiTest {

	private static final String PATTENSEN = "032410013013";

	private static final String DARMSTADT = "064110000000";

	private static final String HANNOVER = "032410001001";

	@Test
	void requestAnswerAgreeMovesTheNewAdoptionFromInterestedToPlanned() {
		String requester = requester();
		String solution = publishSolution(municipality(DARMSTADT), unique("Baugenehmigung online"), List.of(10160));
		String pattensen = issueToken(requester, "PUBLISHER");
		String darmstadt = issueToken(municipality(DARMSTADT), "PUBLISHER");

		GraphQlTester.Response requested = executeAs(pattensen, testDocument("requestReuse"),
				Map.of("input", Map.of("organizationId", requester, "solutionId", solution, "message",
						"Wir möchten die Baugenehmigung nachnutzen.\nBetrieb beim Anbieter?", "operatingModel",
						"CENTRAL_SERVICE", "legalPath", "DIRECT_CONTRACT", "contactEmail", "digital@pattensen.example")));
		requested.path("requestReuse.adoptionCreated").entity(Boolean.class).isEqualTo(true);
		requested.path("requestReuse.reuseRequest.state").entity(String.class).isEqualTo("REQUESTED");
		requested.path("requestReuse.reuseRequest.adoption.status").entity(String.class).isEqualTo("INTERESTED");
		requested.path("requestReuse.reuseRequest.provider.id").entity(String.class).isEqualTo(municipality(DARMSTADT));
		requested.path("requestReuse.reuseRequest.offer").valueIsNull();
		String id = requested.path("requestReuse.reuseRequest.id").entity(String.class).get();

		executeAs(darmstadt, testDocument("reuseRequests"),
				Map.of("filter", Map.of("organizationId", municipality(DARMSTADT), "role", "PROVIDER", "states",
						List.of("REQUESTED"), "solutionId", solution)))
			.path("reuseRequests.edges[*].node.id").entityList(String.class).containsExactly(id);

		GraphQlTester.Response answered = executeAs(darmstadt, testDocument("answerReuseRequest"),
				Map.of("input", Map.of("id", id, "decision", "OFFER", "conditions", "Kostenbeteiligung 2.000 EUR/Jahr",
						"nextSteps", "Nachnutzungsvereinbarung unterzeichnen", "marketplaceUrl",
						"https://marktplatz.govdigital.example/angebot/42", "expectedVersion", 1)));
		answered.path("answerReuseRequest.reuseRequest.state").entity(String.class).isEqualTo("ANSWERED");
		answered.path("answerReuseRequest.reuseRequest.offer.marketplaceUrl").entity(String.class)
			.isEqualTo("https://marktplatz.govdigital.example/angebot/42");

		executeAs(pattensen, testDocument("reuseRequests"),
				Map.of("filter", Map.of("organizationId", requester, "role", "REQUESTER")))
			.path("reuseRequests.edges[0].node.state").entity(String.class).isEqualTo("ANSWERED");

		GraphQlTester.Response agreed = executeAs(pattensen, testDocument("agreeReuseRequest"),
				Map.of("id", id, "expectedVersion", 2));
		agreed.path("agreeReuseRequest.reuseRequest.state").entity(String.class).isEqualTo("AGREED");
		agreed.path("agreeReuseRequest.reuseRequest.adoption.status").entity(String.class).isEqualTo("PLANNED");
		agreed.path("agreeReuseRequest.reuseRequest.adoption.statusHistory[*].status").entityList(String.class)
			.containsExactly("INTERESTED", "PLANNED");
		agreed.path("agreeReuseRequest.reuseRequest.history.totalCount").entity(Integer.class).isEqualTo(3);
		agreed.path("agreeReuseRequest.reuseRequest.history.edges[*].node.operation").entityList(String.class)
			.containsExactly("STATUS_TRANSITION", "STATUS_TRANSITION", "CREATE");
		// the adoption goes on as any other
		execute("mutation($id: ID!) { updateAdoptionStatus(input: { id: $id, status: LIVE }) { adoption { status } } }",
				Map.of("id", agreed.path("agreeReuseRequest.reuseRequest.adoption.id").entity(String.class).get()))
			.path("updateAdoptionStatus.adoption.status").entity(String.class).isEqualTo("LIVE");
		// an agreed request is closed
		assertError(executeAs(darmstadt, testDocument("answerReuseRequest"), Map.of("input", Map.of("id", id,
				"decision", "DECLINE", "reason", "zu spät"))), "CONFLICT", null);
	}

	@Test
	void aRequestForAnAdoptedSolutionKeepsTheAdoptionAndASecondOpenRequestIsAConflict() {
		String requester = requester();
		String solution = publishSolution(municipality(DARMSTADT), unique("Gewerbeanmeldung"), List.of(10160));
		String adoption = recordAdoption(requester, solution, "PLANNED");
		GraphQlTester.Response requested = execute(testDocument("requestReuse"), request(requester, solution));
		requested.path("requestReuse.adoptionCreated").entity(Boolean.class).isEqualTo(false);
		requested.path("requestReuse.reuseRequest.adoption.id").entity(String.class).isEqualTo(adoption);
		long before = count("select count(*) from reuse_request");
		assertError(execute(testDocument("requestReuse"), request(requester, solution)), "CONFLICT", null);
		assertThat(count("select count(*) from reuse_request")).isEqualTo(before);
	}

	@Test
	void onlyThePartiesTheirLandCoordinatorsAndAdminsSeeARequest() {
		String requester = requester();
		String solution = publishSolution(municipality(DARMSTADT), unique("Wohngeld"), List.of(10160));
		String id = execute(testDocument("requestReuse"), request(requester, solution))
			.path("requestReuse.reuseRequest.id").entity(String.class).get();
		Map<String, Object> byId = Map.of("id", id);
		for (String token : List.of(issueToken(requester, "PUBLISHER"), issueToken(municipality(DARMSTADT), "PUBLISHER"),
				issueToken(organizationId("030000000000", "STATE"), "STATE_COORDINATOR"),
				issueToken(organizationId("060000000000", "STATE"), "STATE_COORDINATOR"), ADMIN_TOKEN)) {
			executeAs(token, testDocument("reuseRequest"), byId).path("reuseRequest.id").entity(String.class)
				.isEqualTo(id);
		}
		for (String token : List.of(issueToken(municipality(HANNOVER), "PUBLISHER"),
				issueToken(organizationId("070000000000", "STATE"), "STATE_COORDINATOR"),
				issueToken(db.sql("select id::text from organization where kind = 'FEDERAL'")
					.map(row -> row.get(0, String.class)).one().block(), "FEDERAL_COORDINATOR"))) {
			assertError(executeAs(token, testDocument("reuseRequest"), byId), "FORBIDDEN", null);
			assertError(executeAs(token, testDocument("reuseRequests"),
					Map.of("filter", Map.of("organizationId", requester))), "FORBIDDEN", null);
		}
		assertError(executeAs(null, testDocument("reuseRequest"), byId), "UNAUTHENTICATED", null);
		execute(testDocument("reuseRequest"), Map.of("id", "00000000-0000-0000-0000-000000000017"))
			.path("reuseRequest").valueIsNull();
	}

	@Test
	void theInboxAndOutboxAreFilteredByRoleAndStateAndPaged() {
		// Hemmingen asks nothing in the other tests, so its outbox holds exactly these two
		String requester = municipality("032410007007");
		String provider = municipality(DARMSTADT);
		String first = execute(testDocument("requestReuse"),
				request(requester, publishSolution(provider, unique("A"), List.of(10160))))
			.path("requestReuse.reuseRequest.id").entity(String.class).get();
		String second = execute(testDocument("requestReuse"),
				request(requester, publishSolution(provider, unique("B"), List.of(10160))))
			.path("requestReuse.reuseRequest.id").entity(String.class).get();
		execute(testDocument("answerReuseRequest"), Map.of("input", Map.of("id", second, "decision", "DECLINE",
				"reason", "Die Lösung wird eingestellt.")));
		GraphQlTester.Response page = execute(testDocument("reuseRequests"),
				Map.of("filter", Map.of("organizationId", requester, "role", "REQUESTER"), "first", 1));
		page.path("reuseRequests.totalCount").entity(Integer.class).isEqualTo(2);
		page.path("reuseRequests.edges[*].node.id").entityList(String.class).containsExactly(second);
		String after = page.path("reuseRequests.pageInfo.endCursor").entity(String.class).get();
		execute(testDocument("reuseRequests"),
				Map.of("filter", Map.of("organizationId", requester, "role", "REQUESTER"), "first", 1, "after", after))
			.path("reuseRequests.edges[*].node.id").entityList(String.class).containsExactly(first);
		execute(testDocument("reuseRequests"),
				Map.of("filter", Map.of("organizationId", requester, "states", List.of("DECLINED"))))
			.path("reuseRequests.edges[*].node.id").entityList(String.class).containsExactly(second);
		execute(testDocument("reuseRequests"), Map.of("filter", Map.of("organizationId", requester, "role", "PROVIDER")))
			.path("reuseRequests.totalCount").entity(Integer.class).isEqualTo(0);
	}

	@Test
	void invalidInputsAreRefusedWithTheirFieldAndRule() {
		String requester = requester();
		String solution = publishSolution(municipality(DARMSTADT), unique("Hundesteuer"), List.of(10160));
		@SuppressWarnings("unchecked")
		Map<String, Object> input = new HashMap<>((Map<String, Object>) request(requester, solution).get("input"));
		assertRule(testDocument("requestReuse"), with(input, "contactEmail", "nicht-mail"), "input.contactEmail", "email");
		assertRule(testDocument("requestReuse"), with(input, "message", "x".repeat(5001)), "input.message", "max-length");
		assertRule(testDocument("requestReuse"), with(input, "message", " "), "input.message", "required");
		assertRule(testDocument("requestReuse"), with(input, "legalPath", "FIT_STORE"), "input.legalPath",
				"not-offered");
		assertRule(testDocument("requestReuse"),
				Map.of("input", Map.of("organizationId", municipality(DARMSTADT), "solutionId", solution, "message", "m",
						"contactEmail", "a@b.example")), "input.solutionId", "own-solution");
		String id = execute(testDocument("requestReuse"), Map.of("input", input))
			.path("requestReuse.reuseRequest.id").entity(String.class).get();
		assertRule(testDocument("answerReuseRequest"), Map.of("input", Map.of("id", id, "decision", "OFFER",
				"conditions", "c", "nextSteps", "n", "marketplaceUrl", "http://marktplatz.example/1")),
				"input.marketplaceUrl", "https");
		assertRule(testDocument("answerReuseRequest"), Map.of("input", Map.of("id", id, "decision", "OFFER",
				"conditions", "c")), "input.nextSteps", "required");
		assertRule(testDocument("answerReuseRequest"), Map.of("input", Map.of("id", id, "decision", "DECLINE",
				"reason", "r", "conditions", "c")), "input.conditions", "not-with-decline");
		assertRule(testDocument("answerReuseRequest"), Map.of("input", Map.of("id", id, "decision", "OFFER",
				"conditions", "c", "nextSteps", "n", "reason", "r")), "input.reason", "not-with-offer");
		// agreeing needs an offer; a stale version is a conflict
		assertError(execute(testDocument("agreeReuseRequest"), Map.of("id", id)), "CONFLICT", null);
		assertError(execute(testDocument("answerReuseRequest"), Map.of("input", Map.of("id", id, "decision", "OFFER",
				"conditions", "c", "nextSteps", "n", "expectedVersion", 7))), "CONFLICT", null);
		assertError(execute(testDocument("agreeReuseRequest"), Map.of("id", "00000000-0000-0000-0000-000000000017")),
				"NOT_FOUND", "input.id");
	}

	private void assertRule(String document, Map<String, Object> variables, String field, String rule) {
		long before = count("select count(*) from change_log");
		GraphQlTester.Response response = execute(document, variables);
		assertError(response, "VALIDATION_FAILED", field);
		response.errors().satisfy(errors -> assertThat(errors.get(0).getExtensions()).containsEntry("rule", rule));
		assertThat(count("select count(*) from change_log")).as("nothing written").isEqualTo(before);
	}

	private static Map<String, Object> with(Map<String, Object> input, String field, Object value) {
		Map<String, Object> changed = new HashMap<>(input);
		changed.put(field, value);
		return Map.of("input", changed);
	}

	private static Map<String, Object> request(String requester, String solution) {
		return Map.of("input", Map.of("organizationId", requester, "solutionId", solution, "message",
				"Nachnutzung möglich?", "contactEmail", "digital@pattensen.example"));
	}

	/** Pattensen, the requester of every test (each asks about solutions of its own). */
	private String requester() {
		return municipality(PATTENSEN);
	}

}
