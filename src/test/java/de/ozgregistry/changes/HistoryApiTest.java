package de.ozgregistry.changes;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryApiTest extends ApiTest {

	@Test
	void solutionHistoryShowsWhoChangedWhichFieldFromWhatToWhat() {
		String mainz = municipality("073150000000");
		String token = issueToken(mainz, "PUBLISHER");
		String tokenId = db.sql("select id::text from api_token where token_prefix = :p").bind("p", token.substring(0, 10))
			.map(row -> row.get(0, String.class)).one().block();
		String id = executeAs(token, """
				mutation($input: PublishSolutionInput!) { publishSolution(input: $input) { solution { id } } }""",
				Map.of("input", Map.of("name", "Verlauf", "summary", "alt", "providerId", mainz, "ozgIds", List.of(10160),
						"reuseModel", "OPEN_SOURCE", "lifecycle", "PILOT"))).path("publishSolution.solution.id")
			.entity(String.class).get();
		executeAs(token, """
				mutation($id: ID!) { updateSolution(input: { id: $id, expectedVersion: 1, summary: "neu", lifecycle: PRODUCTION,
				  ozgIds: [10160, 10000] }) { solution { version } } }""", Map.of("id", id));
		var response = execute("""
				query($id: ID!) { solution(id: $id) { history(first: 10) { totalCount edges { node { version operation changedAt
				  actorOrganization { name } actorSubject actorRole changes { field from to } } } } } }""", Map.of("id", id));
		response.path("solution.history.totalCount").entity(Integer.class).isEqualTo(2);
		response.path("solution.history.edges[0].node.version").entity(Integer.class).isEqualTo(2);
		response.path("solution.history.edges[0].node.operation").entity(String.class).isEqualTo("UPDATE");
		response.path("solution.history.edges[0].node.actorOrganization.name").entity(String.class).isEqualTo("Mainz");
		response.path("solution.history.edges[0].node.actorSubject").entity(String.class).isEqualTo("token:" + tokenId);
		response.path("solution.history.edges[0].node.actorRole").entity(String.class).isEqualTo("PUBLISHER");
		response.path("solution.history.edges[0].node.changes[*].field").entityList(String.class)
			.containsExactly("lifecycle", "ozgIds", "summary");
		response.path("solution.history.edges[0].node.changes[?(@.field == 'summary')].from").entityList(String.class)
			.containsExactly("\"alt\"");
		response.path("solution.history.edges[0].node.changes[?(@.field == 'ozgIds')].to").entityList(String.class)
			.containsExactly("[10000,10160]");
		response.path("solution.history.edges[1].node.operation").entity(String.class).isEqualTo("CREATE");
		response.path("solution.history.edges[1].node.changes[?(@.field == 'name')].to").entityList(String.class)
			.containsExactly("\"Verlauf\"");
	}

	@Test
	void adoptionAndOrganizationHistoryArePaged() {
		String org = municipality("064130000000");
		String solution = publishSolution(municipality("073150000000"), unique("Verlauf"), List.of(10160));
		String adoption = recordAdoption(org, solution, "INTERESTED");
		for (String status : List.of("PLANNED", "IN_PROGRESS", "LIVE")) {
			execute("mutation($id: ID!, $s: AdoptionStatus!) { updateAdoptionStatus(input: { id: $id, status: $s }) { adoption { id } } }",
					Map.of("id", adoption, "s", status));
		}
		var page = execute("""
				query($id: ID!) { adoptions(filter: { solutionId: $id }, first: 1) { edges { node {
				  history(first: 2) { totalCount edges { node { operation changes { field to } } } pageInfo { hasNextPage endCursor } } } } } }""",
				Map.of("id", solution));
		page.path("adoptions.edges[0].node.history.totalCount").entity(Integer.class).isEqualTo(4);
		page.path("adoptions.edges[0].node.history.edges[*].node.operation").entityList(String.class)
			.containsExactly("STATUS_TRANSITION", "STATUS_TRANSITION");
		page.path("adoptions.edges[0].node.history.edges[0].node.changes[?(@.field == 'status')].to")
			.entityList(String.class).containsExactly("\"LIVE\"");
		String after = page.path("adoptions.edges[0].node.history.pageInfo.endCursor").entity(String.class).get();
		execute("""
				query($id: ID!, $after: String) { adoptions(filter: { solutionId: $id }, first: 1) { edges { node {
				  history(first: 5, after: $after) { edges { node { operation } } pageInfo { hasNextPage } } } } } }""",
				Map.of("id", solution, "after", after))
			.path("adoptions.edges[0].node.history.edges[*].node.operation").entityList(String.class)
			.containsExactly("STATUS_TRANSITION", "CREATE");

		int version = (int) count("select version from organization where id = '" + org + "'");
		long before = count("select count(*) from change_log where entity_id = '" + org + "'");
		execute("mutation($id: ID!, $v: Int!) { updateOrganization(input: { id: $id, expectedVersion: $v, website: \"https://www.offenbach.de\" }) { organization { version } } }",
				Map.of("id", org, "v", version))
			.path("updateOrganization.organization.version").entity(Integer.class).isEqualTo(version + 1);
		execute("query($id: ID) { organization(id: $id) { history(first: 5) { edges { node { operation actorSubject changes { field from to } } } } } }",
				Map.of("id", org))
			.path("organization.history.edges[0].node.changes[*].field").entityList(String.class)
			.containsExactly("website");
		assertThat(count("select count(*) from change_log where entity_id = '" + org + "'")).isEqualTo(before + 1);
	}

}
