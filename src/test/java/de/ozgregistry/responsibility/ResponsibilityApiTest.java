package de.ozgregistry.responsibility;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import de.ozgregistry.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zuständigkeit (issue 12): who is responsible for an OZG-Leistung, the gaps that follow from it, and the one
 * definition of "covered" that gaps, {@code coveredBy}, {@code reuseOptions} and {@code coverage} share.
 */
class ResponsibilityApiTest extends ApiTest {

	private static final String PATTENSEN = "032410013013";

	private static final String REGION_HANNOVER = "032410000000";

	private static final String GAPS = """
			query($org: ID!) { gaps(organization: $org, first: 100) { totalCount
			  edges { node { ozgService { ozgId } levels responsibility { scope basis source landCode } } } } }""";

	private static final String COVERED_BY = """
			query($org: ID!, $ozg: Int!) { coveredBy(organization: $org, ozgId: $ozg) { adoptionId liveSince
			  organization { id name kind } solution { name } } }""";

	private static final String SET = """
			mutation($input: SetResponsibilityInput!) { setResponsibility(input: $input) { rule { id scope landCode
			  organization { id } levels active basis source note version ozgService { ozgId }
			  history(first: 10) { totalCount edges { node { operation changes { field from to } } } } } } }""";

	/** The OZG-IDs among all gaps of the organization (paging through them). */
	private Set<Integer> gapIds(String organization) {
		Set<Integer> ids = new java.util.TreeSet<>();
		String after = null;
		do {
			Map<String, Object> variables = new HashMap<>();
			variables.put("org", organization);
			variables.put("after", after);
			var response = execute("""
					query($org: ID!, $after: String) { gaps(organization: $org, first: 100, after: $after) {
					  edges { node { ozgService { ozgId } } } pageInfo { hasNextPage endCursor } } }""", variables);
			ids.addAll(response.path("gaps.edges[*].node.ozgService.ozgId").entityList(Integer.class).get());
			after = response.path("gaps.pageInfo.hasNextPage").entity(Boolean.class).get()
					? response.path("gaps.pageInfo.endCursor").entity(String.class).get() : null;
		}
		while (after != null);
		return ids;
	}

	@Test
	void aKreisangehoerigeGemeindeLeavesKreisAndBundTasksToThem() {
		Set<Integer> pattensen = gapIds(municipality(PATTENSEN));
		assertThat(pattensen).doesNotContain(10439, 10169, 10005).contains(10124);
		assertThat(pattensen.size()).as("a short list of Gemeinde tasks").isLessThan(100);

		String region = organizationId(REGION_HANNOVER, "DISTRICT");
		execute(COVERED_BY, Map.of("org", region, "ozg", 10439)).path("coveredBy").entityList(Object.class).hasSize(0);
		execute(COVERED_BY, Map.of("org", region, "ozg", 10169)).path("coveredBy").entityList(Object.class).hasSize(0);
		Set<Integer> kreis = gapIds(region);
		assertThat(kreis).as(() -> "the Region's gaps; its kinds and the rules of its Gemeinde tasks: " + db.sql("""
				select o.kinds::text || ' ' || coalesce(string_agg(r.ozg_id || ' ' || r.scope || ' ' || r.levels::text
				    || ' ' || coalesce(r.land_code, '') || ' ' || coalesce(r.organization_id::text, ''), '; '), '')
				from organization o left join responsibility_rule r on r.ozg_id in (10160, 10005, 10124)
				where o.id = :id::uuid group by o.kinds""").bind("id", region).map(row -> row.get(0, String.class))
			.one().block())
			.contains(10439, 10169).doesNotContain(10160, 10005, 10124);
	}

	@Test
	void everyGapSaysWhyTheOrganizationIsResponsible() {
		var response = execute(GAPS, Map.of("org", organizationId(REGION_HANNOVER, "DISTRICT")));
		response.path("gaps.edges[?(@.node.ozgService.ozgId == 10439)].node.levels").entityList(Object.class)
			.containsExactly(List.of("DISTRICT"));
		response.path("gaps.edges[?(@.node.ozgService.ozgId == 10439)].node.responsibility.basis")
			.entityList(String.class).containsExactly("CURATED");
		response.path("gaps.edges[?(@.node.ozgService.ozgId == 10439)].node.responsibility.source")
			.entityList(String.class).satisfies(sources -> assertThat(sources.get(0)).contains("FZV"));
		response.path("gaps.edges[*].node.responsibility.source").entityList(String.class)
			.satisfies(sources -> assertThat(sources).allSatisfy(source -> assertThat(source).isNotBlank()));
	}

	@Test
	void aGemeindeCoveredByItsVerbandIsCoveredInCoverageAndNoGap() {
		String gemeindeArs = "072355007137";
		String gemeinde = municipality(gemeindeArs);
		assertThat(gapIds(gemeinde)).as("Wohnsitzmeldungen before the Verband adopts").contains(10124);

		String verbandArs = "072355007000";
		String verband = db.sql("select id::text from organization where ars = :ars and kind = 'MUNICIPAL_ASSOCIATION'")
			.bind("ars", verbandArs).map(row -> row.get(0, String.class)).one().blockOptional()
			.orElseGet(() -> execute("""
					mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { organization { id } } }""",
					Map.of("input", Map.of("kind", "MUNICIPAL_ASSOCIATION", "name", unique("Verbandsgemeinde Trier-Land"),
							"ars", verbandArs, "population", 22000)))
				.path("registerOrganization.organization.id").entity(String.class).get());
		String solution = publishSolution(verband, unique("Meldewesen der Verbandsgemeinde"), List.of(10124));
		recordAdoption(verband, solution, "LIVE");

		var coverage = execute("""
				{ coverage(ozgId: 10124, level: MUNICIPALITY, within: "07235") { region { ars } coveredMunicipalities } }""");
		coverage.path("coverage[?(@.region.ars == '" + gemeindeArs + "')].coveredMunicipalities").entityList(Integer.class)
			.containsExactly(1);
		assertThat(gapIds(gemeinde)).doesNotContain(10124);
		execute(COVERED_BY, Map.of("org", gemeinde, "ozg", 10124)).path("coveredBy[*].organization.id")
			.entityList(String.class).containsExactly(verband);
		execute("query($org: ID!) { reuseOptions(organization: $org, ozgId: 10124) { score } }", Map.of("org", gemeinde))
			.path("reuseOptions").entityList(Object.class).hasSize(0);
		// a Gemeinde of another Verband in the same Kreis is not covered
		assertThat(gapIds(municipality("072355004124"))).contains(10124);
	}

	@Test
	void aTownCoveredByItsLandIsToldSoInsteadOfBeingOfferedOptions() {
		String trier = municipality("072110000000");
		var covered = execute(COVERED_BY, Map.of("org", trier, "ozg", 10000));
		covered.path("coveredBy[0].organization.name").entity(String.class).isEqualTo("Rheinland-Pfalz");
		covered.path("coveredBy[0].solution.name").entity(String.class).isEqualTo("ElterngeldDigital");
		covered.path("coveredBy[0].liveSince").entity(String.class).isEqualTo("2019-10-11");
		execute("query($org: ID!) { reuseOptions(organization: $org, ozgId: 10000) { solution { name } } }",
				Map.of("org", trier))
			.path("reuseOptions").entityList(Object.class).hasSize(0);
		// in Bayern, where no Land adoption covers it, ElterngeldDigital is offered
		execute("query($org: ID!) { reuseOptions(organization: $org, ozgId: 10000) { solution { name } } }",
				Map.of("org", organizationId("091750000000", "DISTRICT")))
			.path("reuseOptions[*].solution.name").entityList(String.class).contains("ElterngeldDigital");
	}

	@Test
	void aLandRuleReplacesTheDefaultInThatLandOnlyAndCanBeWithdrawn() {
		// Fahrerkarte (10423): by default a Kreis task (LeiKa-Typ 2/3); Thüringen makes it a Gemeinde task
		String gemeinde = municipality("160610116116");
		String kreisInThueringen = organizationId("160610000000", "DISTRICT");
		String gemeindeElsewhere = municipality(PATTENSEN);
		assertThat(gapIds(gemeinde)).doesNotContain(10423);
		assertThat(gapIds(kreisInThueringen)).contains(10423);

		String coordinator = issueToken(organizationId("160000000000", "STATE"), "STATE_COORDINATOR");
		Map<String, Object> input = new HashMap<>(Map.of("ozgId", 10423, "land", "16", "levels", List.of("MUNICIPALITY"),
				"source", "Testregel", "note", "nur im Test"));
		var set = executeAs(coordinator, SET, Map.of("input", input));
		set.path("setResponsibility.rule.scope").entity(String.class).isEqualTo("LAND");
		set.path("setResponsibility.rule.basis").entity(String.class).isEqualTo("LAND_RULE");
		set.path("setResponsibility.rule.landCode").entity(String.class).isEqualTo("16");
		var gaps = execute(GAPS, Map.of("org", gemeinde));
		gaps.path("gaps.edges[?(@.node.ozgService.ozgId == 10423)].node.responsibility.basis").entityList(String.class)
			.containsExactly("LAND_RULE");
		assertThat(gapIds(kreisInThueringen)).doesNotContain(10423);
		assertThat(gapIds(gemeindeElsewhere)).doesNotContain(10423);

		input.put("levels", List.of());
		var withdrawn = executeAs(coordinator, SET, Map.of("input", input));
		withdrawn.path("setResponsibility.rule.active").entity(Boolean.class).isEqualTo(false);
		withdrawn.path("setResponsibility.rule.version").entity(Integer.class).isEqualTo(2);
		withdrawn.path("setResponsibility.rule.history.totalCount").entity(Integer.class).isEqualTo(2);
		withdrawn.path("setResponsibility.rule.history.edges[0].node.operation").entity(String.class).isEqualTo("UPDATE");
		withdrawn.path("setResponsibility.rule.history.edges[0].node.changes[?(@.field == 'levels')].to")
			.entityList(String.class).containsExactly("[]");
		assertThat(gapIds(gemeinde)).doesNotContain(10423);
		assertThat(gapIds(kreisInThueringen)).contains(10423);
		execute("{ responsibilityRules(ozgId: 10423, land: \"16\") { scope landCode active } }")
			.path("responsibilityRules[*].scope").entityList(String.class).containsExactly("DEFAULT", "LAND");
	}

	@Test
	void aGrosseKreisstadtCanCarryAKreisTask() {
		// Bauvorbescheid und Baugenehmigung for a kreisangehörige Stadt in Nordrhein-Westfalen (Gütersloh)
		String stadt = municipality("057540008008");
		assertThat(gapIds(stadt)).doesNotContain(10519);
		String coordinator = issueToken(organizationId("050000000000", "STATE"), "STATE_COORDINATOR");
		var set = executeAs(coordinator, SET, Map.of("input", Map.of("ozgId", 10519, "organizationId", stadt,
				"levels", List.of("DISTRICT"), "source", "§ 57 BauO NRW: große kreisangehörige Städte")));
		set.path("setResponsibility.rule.scope").entity(String.class).isEqualTo("ORGANIZATION");
		set.path("setResponsibility.rule.organization.id").entity(String.class).isEqualTo(stadt);
		var gaps = execute(GAPS, Map.of("org", stadt));
		gaps.path("gaps.edges[?(@.node.ozgService.ozgId == 10519)].node.levels").entityList(Object.class)
			.containsExactly(List.of("DISTRICT"));
		gaps.path("gaps.edges[?(@.node.ozgService.ozgId == 10519)].node.responsibility.basis").entityList(String.class)
			.containsExactly("ORGANIZATION_RULE");
	}

	@Test
	void onlyTheRightCoordinatorsSetRules() {
		String otherCoordinator = issueToken(organizationId("070000000000", "STATE"), "STATE_COORDINATOR");
		String federal = issueToken(db.sql("select id::text from organization where kind = 'FEDERAL'")
			.map(row -> row.get(0, String.class)).one().block(), "FEDERAL_COORDINATOR");
		Map<String, Object> landRule = Map.of("ozgId", 10421, "land", "16", "levels", List.of("STATE"), "source", "x");
		assertError(executeAs(otherCoordinator, SET, Map.of("input", landRule)), "FORBIDDEN", null);
		assertError(executeAs(federal, SET, Map.of("input", landRule)), "FORBIDDEN", null);
		assertError(executeAs(null, SET, Map.of("input", landRule)), "UNAUTHENTICATED", null);
		assertError(executeAs(otherCoordinator, SET, Map.of("input", Map.of("ozgId", 10421, "levels",
				List.of("DISTRICT"), "source", "x"))), "FORBIDDEN", null);
		assertThat(count("select count(*) from responsibility_rule where ozg_id = 10421 and scope <> 'DEFAULT'"))
			.isZero();
	}

	@Test
	void invalidRulesAreRefused() {
		assertError(execute(SET, Map.of("input", Map.of("ozgId", 99999, "levels", List.of("STATE"), "source", "x"))),
				"VALIDATION_FAILED", "input.ozgId");
		assertError(execute(SET, Map.of("input", Map.of("ozgId", 10421, "land", "16", "organizationId",
				municipality(PATTENSEN), "levels", List.of("STATE"), "source", "x"))), "VALIDATION_FAILED",
				"input.organizationId");
		assertError(execute(SET, Map.of("input", Map.of("ozgId", 10421, "land", "17", "levels", List.of("STATE"),
				"source", "x"))), "VALIDATION_FAILED", "input.land");
		assertError(execute(SET, Map.of("input", Map.of("ozgId", 10421, "organizationId",
				java.util.UUID.randomUUID().toString(), "levels", List.of("STATE"), "source", "x"))), "NOT_FOUND",
				"input.organizationId");
		assertError(execute(SET, Map.of("input", Map.of("ozgId", 10421, "levels", List.of("STATE"), "source", " "))),
				"VALIDATION_FAILED", "input.source");
	}

	/**
	 * The oracle of {@code gaps}: its definition evaluated by brute force over the raw tables (rules; adoptions with
	 * their status transitions; the areas of the organizations from their kind and ARS), for organizations of every
	 * level, many of them with live adoptions around them.
	 */
	@Test
	void gapsAgreeWithABruteForceEvaluationOfTheirDefinition() {
		List<String> organizations = db.sql("""
				(select o.id::text from organization o where o.ars in ('032410013013', '032410000000', '072110000000',
				   '070000000000', '064110000000', '064120000000', '057540008008') or o.kind = 'FEDERAL')
				union
				(select distinct a.organization_id::text from adoption a join organization o on o.id = a.organization_id
				 where a.status = 'LIVE' and o.kind in ('MUNICIPALITY', 'DISTRICT', 'MUNICIPAL_ASSOCIATION')
				 order by 1 limit 12)
				union
				(select distinct o.parent_id::text from adoption a join organization o on o.id = a.organization_id
				 where a.status = 'LIVE' and o.kind = 'MUNICIPALITY' order by 1 limit 4)""")
			.map(row -> row.get(0, String.class)).all().collectList().block();
		assertThat(organizations).hasSizeGreaterThan(15);
		for (String organization : organizations) {
			Set<Integer> expected = new java.util.TreeSet<>(db.sql(BRUTE_FORCE_GAPS)
				.bind("org", java.util.UUID.fromString(organization))
				.map(row -> row.get(0, Integer.class)).all().collectList().block());
			assertThat(gapIds(organization)).as("gaps of %s", organization).isEqualTo(expected);
		}
	}

	/** The definition of gaps, written out over the raw tables (independently of Responsibility and Covers). */
	private static final String BRUTE_FORCE_GAPS = """
			with x as (select o.*, case o.kind when 'FEDERAL' then '' when 'STATE' then o.land_code
			                       when 'DISTRICT' then substr(o.ars, 1, 5) when 'MUNICIPAL_ASSOCIATION' then substr(o.ars, 1, 9)
			                       when 'MUNICIPALITY' then o.ars end as area
			           from organization o where o.id = :org),
			responsible as (
			    select d.ozg_id from responsibility_rule d, x
			    where d.scope = 'DEFAULT'
			      and (exists (select 1 from responsibility_rule r where r.scope = 'ORGANIZATION' and r.organization_id = x.id
			                   and r.ozg_id = d.ozg_id and cardinality(r.levels) > 0)
			           or x.kinds && coalesce((select r.levels from responsibility_rule r where r.scope = 'LAND'
			                                     and r.land_code = x.land_code and r.ozg_id = d.ozg_id
			                                     and cardinality(r.levels) > 0), d.levels))),
			live_today as (
			    select a.id, case o.kind when 'FEDERAL' then '' when 'STATE' then o.land_code
			                 when 'DISTRICT' then substr(o.ars, 1, 5) when 'MUNICIPAL_ASSOCIATION' then substr(o.ars, 1, 9)
			                 when 'MUNICIPALITY' then o.ars end as area
			    from adoption a join organization o on o.id = a.organization_id
			    where exists (select 1 from adoption_status_transition t where t.adoption_id = a.id and t.status = 'LIVE'
			                  and not exists (select 1 from adoption_status_transition e where e.adoption_id = a.id
			                                  and e.seq > t.seq and e.status = 'DISCONTINUED')))
			select r.ozg_id from responsible r, x
			where x.area is not null
			  and not exists (select 1 from live_today l join adoption_ozg_service ao on ao.adoption_id = l.id
			                  where ao.ozg_id = r.ozg_id and l.area is not null and left(x.area, length(l.area)) = l.area)""";

	@Test
	void everyOzgLeistungHasOneSeededDefaultWithASource() {
		assertThat(count("select count(*) from responsibility_rule where scope = 'DEFAULT'")).isEqualTo(557);
		assertThat(count("select count(distinct ozg_id) from responsibility_rule where scope = 'DEFAULT'"))
			.isEqualTo(557);
		assertThat(count("select count(*) from responsibility_rule where source = '' or source is null")).isZero();
		assertThat(count("select count(*) from responsibility_rule where basis = 'CURATED' "
				+ "and data_source_id = 'ozg-registry-zustaendigkeit'")).isGreaterThanOrEqualTo(100);
		var rules = execute("{ responsibilityRules(ozgId: 10005) { scope levels basis source history { totalCount } } }");
		rules.path("responsibilityRules[0].levels").entityList(String.class).containsExactly("FEDERAL");
		rules.path("responsibilityRules[0].history.totalCount").entity(Integer.class).isEqualTo(1);
		execute("{ responsibilityRules(ozgId: 10000, land: \"09\") { scope landCode levels } }")
			.path("responsibilityRules[1].levels").entityList(String.class).containsExactly("STATE");
	}

}
