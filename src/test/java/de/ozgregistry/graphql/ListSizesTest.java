package de.ozgregistry.graphql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.language.VariableDefinition;
import graphql.parser.Parser;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cost model: every list of the schema has a size, lists cost what they return, and what the web front end asks
 * for stays within the default limits.
 */
class ListSizesTest {

	private static final LimitProperties LIMITS = TestSchema.DEFAULTS;

	/** The probe's document of issue 11: 50 aliases of the Gemeinde-level coverage of the whole country. */
	static final String PROBE = probe(50);

	static String probe(int aliases) {
		StringBuilder document = new StringBuilder("{");
		for (int i = 0; i < aliases; i++) {
			document.append(" c").append(i).append(": coverage(ozgId: 10000, level: MUNICIPALITY) { region { ars name }")
				.append(" coveredMunicipalities population populationCovered }");
		}
		return document.append(" }").toString();
	}

	private static final String ALL_COVERAGE_FIELDS = """
			region { ars name } municipalityCount coveredMunicipalities municipalityShare population populationCovered
			populationShare flaechendeckend""";

	@Test
	void everyListFieldOfTheSchemaHasASize() {
		List<String> missing = new ArrayList<>();
		int lists = 0;
		for (var type : TestSchema.SCHEMA.getAllTypesAsList()) {
			if (type instanceof GraphQLFieldsContainer container) {
				for (GraphQLFieldDefinition field : container.getFieldDefinitions()) {
					if (ListSizes.isList(field)) {
						lists++;
						if (!ListSizes.isDefined(container, field)) {
							missing.add(container.getName() + "." + field.getName());
						}
					}
				}
			}
		}
		assertThat(lists).as("list fields of the schema").isGreaterThan(40);
		assertThat(missing).as("list fields without a size in ListSizes").isEmpty();
	}

	@Test
	void everySizeOfTheTableBelongsToAListOfTheSchema() {
		for (String coordinates : ListSizes.coordinates()) {
			String[] parts = coordinates.split("\\.");
			var type = (GraphQLFieldsContainer) TestSchema.SCHEMA.getType(parts[0]);
			assertThat(type).as(coordinates).isNotNull();
			assertThat(type.getFieldDefinition(parts[1])).as(coordinates).isNotNull()
				.matches(ListSizes::isList, "is a list");
		}
	}

	@Test
	void theProbesDocumentCostsTheRowsItWouldReturn() {
		QueryCost.Estimate estimate = TestSchema.estimate(PROBE);
		// 50 × 11,000 Gemeinden × (region, ars, name and three numbers)
		assertThat(estimate.cost()).isGreaterThanOrEqualTo(50L * 11_000 * 6).isGreaterThan(LIMITS.maxComplexity());
		assertThat(estimate.rows()).isEqualTo(50L * 11_000);
		assertThat(TestSchema.estimate(probe(1)).cost()).as("a single alias, the whole country at Gemeinde level")
			.isGreaterThan(LIMITS.maxComplexity());
	}

	@Test
	void theGemeindeLevelCoverageOfOneLandWithEveryFieldIsWithinTheLimits() {
		for (String land : new String[] { "06", "07", "070000000000" }) {
			QueryCost.Estimate estimate = TestSchema.estimate("query($w: String) { coverage(ozgId: 10000,"
					+ " level: MUNICIPALITY, within: $w) { " + ALL_COVERAGE_FIELDS + " } }", Map.of("w", land));
			assertThat(estimate.rows()).as(land).isEqualTo(2_400);
			assertThat(estimate.cost()).as(land).isLessThanOrEqualTo(LIMITS.maxComplexity());
		}
	}

	@Test
	void reportsCostTheirRegionsAndPeriods() {
		assertThat(rows("{ coverage(ozgId: 10000, level: STATE) { population } }")).isEqualTo(16);
		assertThat(rows("{ coverage(ozgId: 10000, level: DISTRICT, within: \"09\") { population } }")).isEqualTo(100);
		assertThat(rows("{ coverage(ozgId: 10000, level: MUNICIPALITY, within: \"07232\") { population } }"))
			.isEqualTo(250);
		assertThat(rows("{ coverage(ozgId: 10000, level: MUNICIPALITY, within: \"no region\") { population } }"))
			.as("refused by the report, returns nothing").isEqualTo(1);
		assertThat(rows("{ themenfeldCoverage(themenfeld: 1, level: DISTRICT) { population } }")).isEqualTo(410);
		assertThat(rows("{ themenfeldCoverage(themenfeld: 1, level: MUNICIPALITY) { population } }"))
			.as("refused by the report, returns nothing").isEqualTo(1);
		assertThat(rows("{ timeline(from: \"2019-01-01\", to: \"2019-12-31\") { date } }")).isEqualTo(12);
		assertThat(rows("{ timeline(from: \"2019-01-01\", to: \"2019-12-31\", interval: QUARTER) { date } }"))
			.isEqualTo(4);
		assertThat(rows("{ timeline(from: \"1900-01-01\") { date } }")).isEqualTo(ListSizes.MAX_PERIODS);
		assertThat(rows("{ timeline(from: \"2026-01-01\") { date } }"))
			.as("January to the registry's today, 1 April in Germany (31 March in UTC)")
			.isEqualTo(4);
		assertThat(rows("{ topSolutions(first: 7) { liveAdopters } }")).isEqualTo(7);
		assertThat(rows("{ duplicationIndex { providers } }")).as("default first").isEqualTo(20);
	}

	@Test
	void aConnectionCostsItsPageAndNotItsTotals() {
		assertThat(TestSchema.estimate("{ solutions(first: 100) { totalCount } }").cost()).isEqualTo(2);
		// solutions, edges, then 100 × (node, id)
		assertThat(TestSchema.estimate("{ solutions(first: 100) { edges { node { id } } } }").cost())
			.isEqualTo(1 + 1 + 100 * 2);
		assertThat(rows("{ solutions { edges { node { ozgServices { ozgId } } } } }")).as("20 × (1 + 10)")
			.isEqualTo(20 + 20 * ListSizes.OZG_SERVICES_PER_SOLUTION);
		assertThat(rows("{ solutions(first: 5000) { edges { cursor } } }")).as("refused by the page rule: 100 at most")
			.isEqualTo(100);
	}

	@Test
	void nestingMultipliesWithoutOverflowing() {
		String nested = "{ organizations(first: 100) { edges { node { children(first: 100) { edges { node {"
				+ " children(first: 100) { edges { node { children(first: 100) { edges { node { adoptions(first: 100) {"
				+ " edges { node { statusHistory { status } } } } } } } } } } } } } } } } }";
		assertThat(TestSchema.estimate(nested).cost()).isGreaterThan(Integer.MAX_VALUE);
	}

	@Test
	void theWebFrontEndsDocumentsStayWithinTheLimits() throws IOException {
		Map<String, String> documents = webFrontEndDocuments();
		assertThat(documents).as("documents found in the web front end's scripts").hasSizeGreaterThan(12);
		for (var entry : documents.entrySet()) {
			Document document = Parser.parse(entry.getValue());
			QueryCost.Estimate estimate = QueryCost.estimate(TestSchema.SCHEMA, document, null,
					graphql.execution.CoercedVariables.of(worstVariables(document)),
					LocalDate.now(TestSchema.CLOCK));
			assertThat(estimate.cost()).as(entry.getKey() + " cost").isLessThanOrEqualTo(LIMITS.maxComplexity());
			assertThat(estimate.rows()).as(entry.getKey() + " rows").isLessThanOrEqualTo(LIMITS.maxResponseRows());
		}
	}

	private static long rows(String document) {
		return TestSchema.estimate(document).rows();
	}

	/**
	 * The GraphQL documents of the web front end: the template literals its scripts assign to constants, with the
	 * string constants they interpolate filled in.
	 */
	static Map<String, String> webFrontEndDocuments() throws IOException {
		Map<String, String> documents = new LinkedHashMap<>();
		Pattern template = Pattern.compile("const (\\w+) = `([^`]*)`;");
		Pattern constant = Pattern.compile("const (\\w+) = '([^']*)';");
		List<Path> scripts;
		try (Stream<Path> files = Files.walk(Path.of("src/main/resources/static/ui"))) {
			scripts = files.filter(path -> path.toString().endsWith(".js")).sorted().toList();
		}
		for (Path script : scripts) {
			String text = Files.readString(script);
			Map<String, String> constants = new HashMap<>();
			Matcher strings = constant.matcher(text);
			while (strings.find()) {
				constants.put(strings.group(1), strings.group(2));
			}
			Matcher templates = template.matcher(text);
			while (templates.find()) {
				String document = templates.group(2);
				for (var value : constants.entrySet()) {
					document = document.replace("${" + value.getKey() + "}", value.getValue());
				}
				if (document.strip().matches("(?s)(query|mutation|subscription|\\{).*") && !document.contains("${")) {
					documents.put(script.getFileName() + " " + templates.group(1), document);
				}
			}
		}
		return documents;
	}

	/** Variable values as the web front end sends them at their largest (Kreise rather than Länder). */
	private static Map<String, Object> worstVariables(Document document) {
		Map<String, Object> values = new HashMap<>();
		for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
			for (VariableDefinition variable : operation.getVariableDefinitions()) {
				String type = graphql.schema.idl.TypeInfo.typeInfo(variable.getType()).getName();
				Object value = switch (type) {
					case "Int" -> 10160;
					case "String", "ID" -> "x";
					case "Boolean" -> true;
					case "RegionLevel" -> "DISTRICT";
					case "Date" -> LocalDate.of(2019, 1, 1);
					// inputs of mutations: no list argument depends on them
					default -> variable.getType() instanceof graphql.language.NonNullType ? Map.of() : null;
				};
				if (value != null) {
					values.put(variable.getName(), value);
				}
			}
		}
		return values;
	}

}
