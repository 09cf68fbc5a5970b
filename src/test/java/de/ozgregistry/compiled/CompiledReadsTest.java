package de.ozgregistry.compiled;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.PropertyDataFetcher;
import graphql.schema.SingletonPropertyDataFetcher;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import de.ozgregistry.support.ApiTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.execution.GraphQlSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled read path answers exactly as the engine does: every document here runs twice, field by field and
 * compiled, and the two responses must be the same JSON, key by key in the same order; what the compiler does not
 * know (a restricted field, a cursor, an invalid argument) goes to the engine, with the engine's errors.
 */
class CompiledReadsTest extends ApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static final String SOLUTION = """
			query($id: ID!) { solution(id: $id) { id name summary description reuseModel licence repositoryUrl
			  landingUrl standards lifecycle releaseVersion registryNodeId version liveAdoptionCount
			  provider { id name kind ars population website contactEmail designation land { name ars } }
			  vendor { id name }
			  adoptions(first: 50) { totalCount pageInfo { hasNextPage hasPreviousPage }
			    edges { node { id status operatingModel legalPath solutionVersion version
			      organization { id name ars land { name } parent { name ars } } solution { name } } } } } }""";

	private static final String SHAPES = """
			query Shapes($id: ID!, $without: Boolean!) { __typename
			  first: solution(id: $id) { __typename ...names
			    live: adoptions(first: 2, status: LIVE) { __typename totalCount
			      pageInfo { __typename hasNextPage } edges { __typename node { __typename status } } }
			    hessen: adoptions(land: "06", first: 3) { totalCount edges { node { organization { ars } } } }
			    skipped: adoptions @skip(if: true) { totalCount }
			    provider @include(if: $without) { name } }
			  again: solution(id: $id) { name }
			  none: solution(id: "00000000-0000-0000-0000-000000000000") { name } }
			fragment names on Solution { id name }""";

	private static final String THEMENFELD = """
			query($t: Int!) { ozgServices(filter: { themenfeld: $t }, first: 100) { totalCount
			  pageInfo { hasNextPage } edges { node { id ozgId name
			    solutions(first: 20) { totalCount edges { node { id name liveAdoptionCount } } } } } } }""";

	private static final String KREIS = """
			query($ars: String!) { organizations(filter: { parentArs: $ars }, first: 100) { totalCount edges { node {
			  id name ars adoptions(first: 20, status: LIVE) { edges { node { id status solution { id name } } } } } } } }""";

	private static final String PAGE = """
			query($after: String, $filter: AdoptionFilter) { adoptions(first: 100, after: $after, filter: $filter) {
			  totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
			  edges { cursor node { id status createdAt updatedAt organization { id name } solution { id name } } } } }""";

	@Autowired
	CompiledReads reads;

	@Autowired
	GraphQlSource source;

	@Autowired
	MeterRegistry meters;

	@LocalServerPort
	int port;

	/** The body of the last answer {@link #post} got, as sent. */
	private String lastBody;

	@Test
	void everyDescribedFieldIsAFieldOfTheSchemaAndEveryValueAPropertyTheEngineReadsAsIs() {
		GraphQLSchema schema = source.schema();
		List<String> checked = new ArrayList<>();
		reads.schema().types().forEach((typeName, type) -> type.fields().forEach((name, field) -> {
			GraphQLObjectType object = schema.getObjectType(typeName);
			assertThat(object).as(typeName).isNotNull();
			GraphQLFieldDefinition definition = object.getFieldDefinition(name);
			assertThat(definition).as(typeName + "." + name).isNotNull();
			DataFetcher<?> fetcher = schema.getCodeRegistry()
				.getDataFetcher(FieldCoordinates.coordinates(typeName, name), definition);
			if (field instanceof SqlSchema.Value value) {
				// a column described as a property is one: no data fetcher of its own (which might check who asks)
				boolean property = fetcher instanceof PropertyDataFetcher<?> || fetcher instanceof SingletonPropertyDataFetcher<?>;
				assertThat(property).as(typeName + "." + name + " is a property, not " + fetcher)
					.isEqualTo(value.property());
			}
			else {
				String target = (field instanceof SqlSchema.One one) ? one.type() : ((SqlSchema.Many) field).type();
				String described = (field instanceof SqlSchema.One) ? named(definition)
						: named(((GraphQLObjectType) GraphQLTypeUtil.unwrapAll(definition.getType()))
							.getFieldDefinition("edges")
							.getType(), "node");
				assertThat(described).as(typeName + "." + name).isEqualTo(target);
				if (field instanceof SqlSchema.Many many) {
					assertThat(arguments(definition)).as("arguments of " + typeName + "." + name)
						.containsAll(many.arguments());
				}
			}
			checked.add(typeName + "." + name);
		}));
		reads.schema().roots().forEach((name, root) -> {
			GraphQLFieldDefinition definition = schema.getQueryType().getFieldDefinition(name);
			assertThat(definition).as("Query." + name).isNotNull();
			assertThat(arguments(definition)).as("arguments of Query." + name).containsAll(root.arguments())
				.containsAll((root.connection() == null) ? List.of() : root.connection().arguments());
		});
		assertThat(checked).contains("Solution.name", "Solution.adoptions", "Organization.land",
				"OzgService.solutions");
	}

	@Test
	void compiledAnswersAreTheEnginesAnswers() throws Exception {
		List<String> solutions = ids("select id::text from solution order by (select count(*) from adoption a "
				+ "where a.solution_id = solution.id) desc, id limit 15");
		solutions.addAll(ids("select id::text from solution where vendor_id is not null order by id limit 3"));
		// each once: a second run of the same document and variables would be answered by the response cache
		solutions = new ArrayList<>(new java.util.LinkedHashSet<>(solutions));
		for (String id : solutions) {
			assertSameAnswers(SOLUTION, Map.of("id", id));
			assertSameAnswers(SHAPES, Map.of("id", id, "without", true));
		}
		assertSameAnswers(SHAPES, Map.of("id", solutions.get(0), "without", false));
		for (int themenfeld : List.of(1, 5, 14)) {
			assertSameAnswers(THEMENFELD, Map.of("t", themenfeld));
		}
		for (String kreis : ids("select p.ars from organization p where exists (select 1 from organization o "
				+ "where o.parent_id = p.id) and p.ars is not null order by p.ars limit 6")) {
			assertSameAnswers(KREIS, Map.of("ars", kreis));
		}
		// pages of all adoptions, each after the last one's endCursor, to the end
		String after = null;
		int pages = 0;
		do {
			Map<String, Object> variables = new LinkedHashMap<>();
			variables.put("after", after);
			JsonNode page = assertSameAnswers(PAGE, variables).path("data").path("adoptions");
			after = page.path("pageInfo").path("hasNextPage").asBoolean() ? page.path("pageInfo").path("endCursor").asString()
					: null;
			pages++;
		}
		while (after != null);
		assertThat(pages).as("pages of adoptions").isGreaterThan(1);
		String solution = solutions.get(0);
		String organization = ids("select organization_id::text from adoption order by created_at limit 1").get(0);
		String ozgId = ids("select ozg_id::text from adoption_ozg_service order by adoption_id limit 1").get(0);
		for (Map<String, Object> filter : List.of(Map.<String, Object>of("status", "LIVE", "land", "06"),
				Map.<String, Object>of("solutionId", solution), Map.<String, Object>of("organizationId", organization),
				Map.<String, Object>of("ozgId", Integer.parseInt(ozgId)), Map.<String, Object>of(),
				Map.<String, Object>of("land", "010000000000"),
				Map.<String, Object>of("status", "PLANNED", "solutionId", solution))) {
			assertSameAnswers(PAGE, Map.of("filter", filter));
		}
		// a solution's adoptions after a cursor, as nested pages go on
		String nested = """
				query($id: ID!, $after: String) { solution(id: $id) { adoptions(first: 3, after: $after) { totalCount
				  pageInfo { hasNextPage startCursor endCursor } edges { cursor node { id createdAt } } } } }""";
		Map<String, Object> variables = new LinkedHashMap<>(Map.of("id", solution));
		for (int i = 0; i < 3; i++) {
			JsonNode adoptions = assertSameAnswers(nested, variables).path("data").path("solution").path("adoptions");
			variables.put("after", adoptions.path("pageInfo").path("endCursor").asString());
		}
		assertSameAnswers("""
				{ organizations(filter: { land: "06", kind: MUNICIPALITY, name: "stadt" }, first: 7) { totalCount
				  pageInfo { hasNextPage } edges { node { name ars population land { name } parent { name } } } }
				  all: organizations { edges { node { name } } }
				  ozgServices(filter: { name: "bau", includeRetired: true }, first: 9) { totalCount
				    edges { node { ozgId name } } }
				  empty: ozgServices(filter: { themenfeld: 99 }) { totalCount edges { node { ozgId } } }
				  counted: ozgServices(filter: { name: "%" }) { totalCount }
				  none: organizations(filter: { name: "_" }) { pageInfo { hasNextPage } } }""", Map.of());
	}

	@Test
	void whatTheCompilerDoesNotKnowGoesToTheEngineWithTheEnginesErrors() throws Exception {
		String solution = ids("select id::text from solution order by id limit 1").get(0);
		// a restricted field (its data fetcher checks who asks), a cursor (signed on the way out), a page after one
		for (String document : List.of("{ solution(id: \"" + solution + "\") { name termsAndCosts } }",
				"{ organizations(first: 2) { edges { cursor node { name } } } }",
				"{ organizations(first: 2) { pageInfo { endCursor } } }", "{ solution(id: \"" + solution
						+ "\") { name ozgServices { ozgId } } }", "{ node(id: \"" + solution + "\") { id } }")) {
			double engine = queries("engine");
			assertSameAnswers(document, Map.of(), false);
			assertThat(queries("engine")).as(document).isGreaterThan(engine);
		}
		// arguments the data fetchers refuse: refused alike, with the same errors
		for (String document : List.of("{ solution(id: \"keine-uuid\") { name } }",
				"{ ozgServices(first: 0) { totalCount } }", "{ organizations(filter: { parentArs: \"12\" }) { totalCount } }",
				"{ organizations(filter: { land: \"99\" }) { totalCount } }",
				"{ solution(id: \"" + solution + "\") { adoptions(land: \"XX\") { totalCount } } }",
				"{ adoptions(after: \"YzE6eA.c2lnbmF0dXI\") { totalCount } }",
				"{ adoptions(filter: { solutionId: \"keine-uuid\" }) { totalCount } }",
				"{ adoptions(filter: { land: \"XX\" }) { edges { cursor } } }",
				"{ ozgServices(filter: { name: \"Bau\\u0000\" }) { totalCount } }")) {
			JsonNode answer = assertSameAnswers(document, Map.of(), false);
			assertThat(answer.path("errors").get(0).path("extensions").path("code").asString()).as(document)
				.isEqualTo("VALIDATION_FAILED");
		}
	}

	/** Runs the document field by field and compiled (which must answer it), and returns the one answer. */
	private JsonNode assertSameAnswers(String document, Map<String, Object> variables) throws Exception {
		return assertSameAnswers(document, variables, true);
	}

	private JsonNode assertSameAnswers(String document, Map<String, Object> variables, boolean compiled)
			throws Exception {
		JsonNode byEngine;
		String engineBody;
		reads.enabled(false);
		try {
			byEngine = post(document, variables);
			engineBody = lastBody;
		}
		finally {
			reads.enabled(true);
		}
		double before = queries("compiled");
		JsonNode answer = post(document, variables);
		assertThat(queries("compiled") - before).as("compiled: " + document).isEqualTo(compiled ? 1 : 0);
		assertThat(answer.toString()).as(document + " " + variables).isEqualTo(byEngine.toString());
		assertThat(lastBody).as("the same bytes: " + document).isEqualTo(engineBody);
		if (compiled) {
			assertThat(answer.has("errors")).as(document).isFalse();
		}
		return answer;
	}

	private JsonNode post(String document, Map<String, Object> variables) throws IOException, InterruptedException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("query", document);
		body.put("variables", variables);
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
				+ "/graphql"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + ADMIN_TOKEN)
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build(), HttpResponse.BodyHandlers.ofString());
		lastBody = response.body();
		return JSON.readTree(response.body());
	}

	@Test
	void instantsComeBackAsTheDriverReadsThem() {
		// the engine writes cursors from the driver's OffsetDateTime (its toString), the compiled path from the text
		List<String> differences = db.sql("select t, " + SqlSchema.epochMicros("t") + " as micros from unnest(array["
				+ "'2026-12-03 10:15:30.123456+00', '2026-12-03 10:15:00+00', '2026-12-03 10:15:30.1+01', "
				+ "'1969-12-31 23:59:59.999999+00', now()]::timestamptz[]) as t")
			.map(row -> {
				java.time.OffsetDateTime read = row.get("t", java.time.OffsetDateTime.class);
				java.time.OffsetDateTime instant = SqlSchema.instant(row.get("micros", String.class));
				return read.toString().equals(instant.toString()) ? "" : read + " <> " + instant;
			})
			.all()
			.filter(difference -> !difference.isEmpty())
			.collectList()
			.block();
		assertThat(differences).isEmpty();
	}

	@Test
	void finishingLeavesTheBlanksInStrings() {
		assertThat(CompiledReads.finish("{\"a b\" : \"x : \\\" y\", \"n\" : [1, 2, null]}", List.of(), new java.util.HashSet<>()))
			.isEqualTo("{\"a b\":\"x : \\\" y\",\"n\":[1,2,null]}");
	}

	@Test
	void finishingFormatsTheMarkedStringsAndOnlyThose() {
		List<java.util.function.Function<String, String>> formats = List.of(text -> "<" + text + ">",
				text -> text.toUpperCase(java.util.Locale.ROOT) + "\"");
		// as PostgreSQL writes them: a text holding "\u0000" is escaped, a marked string starts with the escape itself
		String json = "{\"a\" : \"\\u00000 x \\\"y\\\" \\u00e4\", \"b\" : [\"\\u00001 z\"], "
				+ "\"c\" : \"\\\\u00000 kein\"}";
		java.util.Set<String> topics = new java.util.HashSet<>();
		assertThat(CompiledReads.finish(json, formats, topics))
			.isEqualTo("{\"a\":\"<x \\\"y\\\" \u00e4>\",\"b\":[\"Z\\\"\"],\"c\":\"\\\\u00000 kein\"}");
		assertThat(topics).isEmpty();
	}

	@Test
	void finishingTakesTheTopicsOutOfTheAnswer() {
		String json = "{\"s\" : {\"n\" : 1, \"~\" : \"\\u0000T adoption.solution 7\", \"~\" : \"\\u0000T x\"}, "
				+ "\"l\" : [{\"m\" : \"a,b\", \"~\" : \"\\u0000T y\"}], \"~\" : \"\\u0000T adoption\"}";
		java.util.Set<String> topics = new java.util.HashSet<>();
		assertThat(CompiledReads.finish(json, List.of(), topics)).isEqualTo("{\"s\":{\"n\":1},\"l\":[{\"m\":\"a,b\"}]}");
		assertThat(topics).containsExactlyInAnyOrder("adoption.solution 7", "x", "y", "adoption");
	}

	@Test
	void aTopicTextOfSeveralLinesIsOneTopicPerLine() {
		String json = "{\"n\" : 1, \"~\" : \"\\u0000T adoption.day 2001-01-01\\nadoption.day 2001-01-02\"}";
		java.util.Set<String> topics = new java.util.HashSet<>();
		assertThat(CompiledReads.finish(json, List.of(), topics)).isEqualTo("{\"n\":1}");
		assertThat(topics).containsExactlyInAnyOrder("adoption.day 2001-01-01", "adoption.day 2001-01-02");
	}

	@Test
	void whatReadsAdoptionsDeclaresItsTopic() {
		// a change of an adoption reaches only the topics its reach names; a read of adoptions without a topic would
		// stay cached through changes of what it shows
		List<String> undeclared = new ArrayList<>();
		reads.schema().types().forEach((typeName, type) -> type.fields().forEach((name, field) -> {
			String target = (field instanceof SqlSchema.One one) ? one.type()
					: (field instanceof SqlSchema.Many many) ? many.type() : null;
			boolean readsAdoptions = (target == null) ? ((SqlSchema.Value) field).expression().contains("adoption")
					: reads.schema().types().get(target).table().equals("adoption");
			if (readsAdoptions && type.topic(name) == null) {
				undeclared.add(typeName + "." + name);
			}
		}));
		reads.schema().roots().forEach((name, root) -> {
			if (reads.schema().types().get(root.type()).table().equals("adoption") && reads.schema().rootTopics(name) == null) {
				undeclared.add("Query." + name);
			}
		});
		assertThat(undeclared).isEmpty();
	}

	private double queries(String path) {
		return meters.get("ozg.graphql.queries").tag("path", path).counter().count();
	}

	private List<String> ids(String sql) {
		return new ArrayList<>(db.sql(sql).map(row -> row.get(0, String.class)).all().collectList().block());
	}

	private static List<String> arguments(GraphQLFieldDefinition definition) {
		return definition.getArguments().stream().map(graphql.schema.GraphQLArgument::getName).toList();
	}

	private static String named(GraphQLFieldDefinition definition) {
		return ((GraphQLNamedType) GraphQLTypeUtil.unwrapAll(definition.getType())).getName();
	}

	private static String named(graphql.schema.GraphQLOutputType edges, String field) {
		return named(((GraphQLObjectType) GraphQLTypeUtil.unwrapAll(edges)).getFieldDefinition(field));
	}

}
