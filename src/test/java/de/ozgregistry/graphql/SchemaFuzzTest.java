package de.ozgregistry.graphql;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import de.ozgregistry.support.ApiTest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schema-driven fuzzing: the schema is read by introspection from the running application, and for every query
 * and mutation field a fixed-seed generator builds requests with one argument (or input field) replaced by hostile
 * input (wrong types, nulls, huge and negative numbers, NUL, lone surrogates, bidirectional controls, very long
 * strings, forged cursors, unknown enum values, empty objects), as literals and as variables, anonymous and as
 * admin. Every answer must be a client error in the schema's language: no {@code INTERNAL}, no HTTP 5xx, no Java
 * or syntax-tree names in messages, a documented code on every error, and no change of the data after a failed
 * mutation. Cases that once failed are kept in {@link #fixedCases()}.
 */
class SchemaFuzzTest extends ApiTest {

	private static final long SEED = 11;

	private static final int CASES = 400;

	private static final Pattern FORBIDDEN = Pattern.compile(
			"Exception|java\\.|graphql\\.|LinkedHashMap|ArrayList|ObjectValue\\{|StringValue\\{|IntValue\\{|"
					+ "[A-Z][a-z]+Value\\{|VariableReference\\{|SQL|at [a-z]+\\.[a-z]+\\.");

	private static final Set<String> CODES = Stream.of(ErrorCode.values()).map(Enum::name).collect(Collectors.toSet());

	private static final String INTROSPECTION = """
			{ __schema { queryType { name } mutationType { name }
			  types { kind name
			    fields { name args { name type { ...T } } type { ...T } }
			    inputFields { name type { ...T } }
			    enumValues { name } } } }
			fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }""";

	@Value("${local.server.port}")
	int port;

	/** The OZG-Leistung whose rules of Zuständigkeit the fuzzer may set (Ausbildungsvertrag, used by no other test). */
	private static final int RULES_OZG_ID = 10599;

	/** The records the fuzzed mutations may touch: created by this test, never seed data other tests rely on. */
	private static Map<String, String> own;

	private static Map<String, Map<String, Object>> types;

	private static String queryType;

	private static String mutationType;

	@BeforeEach
	void readSchemaAndCreateOwnRecords() {
		if (types != null) {
			return;
		}
		Map<String, Object> schema = post(ADMIN_TOKEN, INTROSPECTION, Map.of());
		@SuppressWarnings("unchecked")
		Map<String, Object> data = (Map<String, Object>) ((Map<String, Object>) schema.get("data")).get("__schema");
		queryType = name(data.get("queryType"));
		mutationType = name(data.get("mutationType"));
		Map<String, Map<String, Object>> byName = new HashMap<>();
		for (Object type : (List<?>) data.get("types")) {
			@SuppressWarnings("unchecked")
			Map<String, Object> map = (Map<String, Object>) type;
			byName.put((String) map.get("name"), map);
		}
		Map<String, String> records = new HashMap<>();
		String organization = execute("""
				mutation { registerOrganization(input: { kind: IT_SERVICE_PROVIDER, name: "Fuzz-Dienstleister" })
				  { organization { id } } }""").path("registerOrganization.organization.id").entity(String.class).get();
		String solution = publishSolution(organization, unique("Fuzz-Lösung"), List.of(10160));
		records.put("organization", organization);
		records.put("solution", solution);
		String adopter = db.sql("""
				select o.id::text from organization o where o.kind = 'MUNICIPALITY'
				and not exists (select 1 from adoption a where a.organization_id = o.id) order by o.ars desc limit 1""")
			.map(row -> row.get(0, String.class))
			.one()
			.block();
		records.put("adoption", recordAdoption(adopter, solution, "LIVE"));
		records.put("token", execute("""
				mutation($o: ID!) { issueApiToken(input: { organizationId: $o, role: PUBLISHER, validDays: 1 })
				  { apiToken { id } } }""", Map.of("o", organization)).path("issueApiToken.apiToken.id")
			.entity(String.class)
			.get());
		records.put("mainz", municipality("073150000000"));
		own = records;
		types = byName;
	}

	@Test
	void generatedHostileRequestsGetClientErrorsAndChangeNothing() {
		Random random = new Random(SEED);
		List<Map<String, Object>> fields = new ArrayList<>();
		fields.addAll(fieldsOf(queryType));
		fields.addAll(fieldsOf(mutationType));
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < CASES; i++) {
			Map<String, Object> field = fields.get(random.nextInt(fields.size()));
			boolean mutation = fieldsOf(mutationType).contains(field);
			Case generated = generate(field, mutation, random);
			String failure = check(generated, mutation);
			if (failure != null) {
				failures.add("case " + i + " (seed " + SEED + "): " + failure);
			}
		}
		assertThat(failures).as("failed cases").isEmpty();
	}

	@ParameterizedTest
	@MethodSource("fixedCases")
	void casesThatOnceFailedStayFixed(String document, Map<String, Object> variables) {
		assertThat(check(new Case(document, variables, ADMIN_TOKEN), document.startsWith("mutation"))).isNull();
		assertThat(check(new Case(document, variables, null), document.startsWith("mutation"))).isNull();
	}

	/** The probe's causes of INTERNAL and of Java names in messages, and what this generator once found. */
	static Stream<org.junit.jupiter.params.provider.Arguments> fixedCases() {
		return Stream.of(
				fixed("{ timeline(from: \"2024-01-01\", interval: null) { date } }"),
				fixed("mutation { registerOrganization(input: { kind: VENDOR, name: \"Fuzz\", population: 2147483647 }) { organization { id } } }"),
				fixed("query($n: String) { ozgServices(filter: { name: $n }) { totalCount } }", "n", "a\u0000b"),
				fixed("query($a: String) { ozgServices(after: $a) { totalCount } }", "a", cursor("c1:10000:\u0000")),
				fixed("query($a: String) { solutions(after: $a) { totalCount } }", "a",
						cursor("c1:00000000-0000-0000-0000-000000000000:\u0000")),
				fixed("query($a: String) { search(query: \"Hund\", after: $a) { totalCount } }", "a", cursor("c1:search:-5")),
				fixed("query($a: String) { duplicateEfforts(after: $a) { totalCount } }", "a", cursor("c1:duplicates:-5")),
				fixed("query($a: String) { gaps(organization: \"00000000-0000-0000-0000-000000000000\", after: $a) { totalCount } }",
						"a", cursor("c1:gap:2147483647")),
				fixed("query($f: OrganizationFilter) { organizations(filter: $f) { totalCount } }", "f",
						Map.of("name", Map.of("x", 1))),
				fixed("mutation($i: PublishSolutionInput!) { publishSolution(input: $i) { __typename } }", "i",
						Map.of("name", List.of(1))),
				fixed("mutation { publishSolution(input: { name: { a: 1 } }) { __typename } }"),
				fixed("mutation($n: String!) { registerOrganization(input: { kind: VENDOR, name: $n }) { __typename } }", "n",
						"\u202Eevil"));
	}

	private static org.junit.jupiter.params.provider.Arguments fixed(String document) {
		return org.junit.jupiter.params.provider.Arguments.of(document, Map.of());
	}

	private static org.junit.jupiter.params.provider.Arguments fixed(String document, String variable, Object value) {
		return org.junit.jupiter.params.provider.Arguments.of(document, Map.of(variable, value));
	}

	private static String cursor(String raw) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

	/** A request: its document, variables and bearer token (or {@code null}). */
	record Case(String document, Map<String, Object> variables, String token) {
	}

	/** Sends the case and returns what is wrong with the answer, or {@code null}. */
	private String check(Case request, boolean mutation) {
		List<Long> before = mutation ? fingerprint() : null;
		Map<String, Object> response;
		try {
			response = post(request.token(), request.document(), request.variables());
		}
		catch (AssertionError ex) {
			return ex.getMessage() + " for " + describe(request);
		}
		List<?> errors = (List<?>) response.getOrDefault("errors", List.of());
		for (Object error : errors) {
			Map<?, ?> map = (Map<?, ?>) error;
			Object message = map.get("message");
			Object extensions = map.get("extensions");
			Object code = (extensions instanceof Map<?, ?> ext) ? ext.get("code") : null;
			if (!CODES.contains(String.valueOf(code))) {
				return "undocumented code " + code + " (" + message + ") for " + describe(request);
			}
			if ("INTERNAL".equals(code)) {
				return "INTERNAL for " + describe(request);
			}
			if (message == null || FORBIDDEN.matcher(message.toString()).find()) {
				return "message \"" + message + "\" for " + describe(request);
			}
		}
		if (mutation && !errors.isEmpty() && !fingerprint().equals(before)) {
			return "a failed mutation changed data: " + errors + " for " + describe(request);
		}
		return null;
	}

	private static String describe(Case request) {
		String variables = request.variables().toString();
		return request.document() + " with " + (variables.length() > 300 ? variables.substring(0, 300) + "…" : variables)
				+ ((request.token() == null) ? " (anonymous)" : " (admin)");
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> post(String token, String document, Map<String, Object> variables) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("query", document);
		body.put("variables", variables);
		var spec = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build()
			.post()
			.uri("/graphql")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON);
		if (token != null) {
			spec = spec.headers(headers -> headers.setBearerAuth(token));
		}
		return spec.bodyValue(body)
			.exchange()
			.expectStatus()
			.value(status -> assertThat(status).as("HTTP status").isLessThan(500))
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private List<Long> fingerprint() {
		return List.of(count("select count(*) from change_log"), count("select count(*) from api_token"),
				count("select count(*) from api_token where revoked_at is not null"),
				count("select count(*) from organization"), count("select count(*) from solution"),
				count("select count(*) from adoption"), count("select coalesce(sum(version), 0) from solution"),
				count("select coalesce(sum(version), 0) from adoption"),
				count("select coalesce(sum(version), 0) from organization"));
	}

	// ---- generation

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> fieldsOf(String type) {
		return (type == null) ? List.of() : (List<Map<String, Object>>) types.get(type).get("fields");
	}

	private static String name(Object type) {
		return (type == null) ? null : (String) ((Map<?, ?>) type).get("name");
	}

	/** A document for {@code field} with plausible arguments, one of them (or one of their fields) hostile. */
	@SuppressWarnings("unchecked")
	private Case generate(Map<String, Object> field, boolean mutation, Random random) {
		String fieldName = (String) field.get("name");
		List<Map<String, Object>> args = (List<Map<String, Object>>) field.get("args");
		boolean asVariables = random.nextBoolean();
		String token = random.nextBoolean() ? ADMIN_TOKEN : null;
		Map<String, Object> values = new LinkedHashMap<>();
		for (Map<String, Object> arg : args) {
			Map<String, Object> type = (Map<String, Object>) arg.get("type");
			if (isNonNull(type) || random.nextInt(3) == 0) {
				values.put((String) arg.get("name"), plausible((String) arg.get("name"), type, fieldName, mutation, random));
			}
		}
		if (!args.isEmpty()) {
			Map<String, Object> target = args.get(random.nextInt(args.size()));
			String name = (String) target.get("name");
			Map<String, Object> type = (Map<String, Object>) target.get("type");
			values.put(name, hostileWithin(name, type, values.get(name), fieldName, mutation, random));
		}
		StringBuilder document = new StringBuilder(mutation ? "mutation" : "query");
		Map<String, Object> variables = new LinkedHashMap<>();
		List<String> declarations = new ArrayList<>();
		List<String> arguments = new ArrayList<>();
		for (Map<String, Object> arg : args) {
			String name = (String) arg.get("name");
			if (!values.containsKey(name)) {
				continue;
			}
			if (asVariables) {
				declarations.add("$" + name + ": " + typeRef((Map<String, Object>) arg.get("type")));
				variables.put(name, plain(values.get(name)));
				arguments.add(name + ": $" + name);
			}
			else {
				arguments.add(name + ": " + literal(values.get(name)));
			}
		}
		if (!declarations.isEmpty()) {
			document.append('(').append(String.join(", ", declarations)).append(')');
		}
		document.append(" { ").append(fieldName);
		if (!arguments.isEmpty()) {
			document.append('(').append(String.join(", ", arguments)).append(')');
		}
		if (isComposite((Map<String, Object>) field.get("type"))) {
			document.append(" { __typename }");
		}
		document.append(" }");
		return new Case(document.toString(), variables, token);
	}

	/** A value of an enum type, rendered bare in literals. */
	record EnumValue(String name) {
	}

	/** A hostile value: for the whole argument, or for one field of an input object inside it. */
	@SuppressWarnings("unchecked")
	private Object hostileWithin(String name, Map<String, Object> type, Object plausible, String fieldName,
			boolean mutation, Random random) {
		Map<String, Object> named = types.get(namedType(type));
		if ("INPUT_OBJECT".equals(named.get("kind")) && random.nextInt(4) != 0) {
			Map<String, Object> object = (plausible instanceof Map<?, ?> map) ? new LinkedHashMap<>((Map<String, Object>) map)
					: new LinkedHashMap<>();
			List<Map<String, Object>> fields = (List<Map<String, Object>>) named.get("inputFields");
			Map<String, Object> target = fields.get(random.nextInt(fields.size()));
			String targetName = (String) target.get("name");
			Map<String, Object> targetType = (Map<String, Object>) target.get("type");
			object.put(targetName, hostileWithin(targetName, targetType, object.get(targetName), fieldName, mutation,
					random));
			return object;
		}
		return hostile(named, random);
	}

	private static final List<Object> HOSTILE_STRINGS = List.of("a\u0000b", "\u0000", "\uD800", "x\uDFFFy",
			"\u202Egnp.exe", "Links\u202Aeingebettet", "iso\u2066lat\u2069", "Zeile\nUmbruch", "\r\n", "\t",
			"=HYPERLINK(\"http://evil.example\",\"x\")", "", "   ", "x".repeat(100_000), "ä".repeat(5_000),
			"' or 1=1 --", "\\u0000", cursor("c1:search:-5"), cursor("c1:gap:2147483647"), cursor("c1:duplicates:-5"),
			cursor("c1:10000:\u0000"), cursor("c1:00000000-0000-0000-0000-000000000000:\u0000"), "c1:gap:5",
			"00000000-0000-0000-0000-000000000000", "073150000000\u0000");

	private static final List<Object> HOSTILE_NUMBERS = List.of(Integer.MAX_VALUE, Integer.MIN_VALUE, -1, -5, 0,
			2147483648L, 99999999999L, 1.5, 1e300, -0.0);

	/**
	 * A hostile value: half of the time one of the right type that breaks a rule (such values reach the resolvers,
	 * where the probe's INTERNAL errors came from), otherwise anything.
	 */
	private static Object hostile(Map<String, Object> named, Random random) {
		String type = (String) named.get("name");
		if (random.nextBoolean()) {
			if (type.equals("String") || type.equals("ID")) {
				return HOSTILE_STRINGS.get(random.nextInt(HOSTILE_STRINGS.size()));
			}
			if (type.equals("Int")) {
				return List.of(Integer.MAX_VALUE, Integer.MIN_VALUE, -1, -5, 0, 100_000_001).get(random.nextInt(6));
			}
			if ("ENUM".equals(named.get("kind"))) {
				return random.nextBoolean() ? new EnumValue("NOT_A_VALUE") : null;
			}
		}
		return switch (random.nextInt(9)) {
			case 0 -> null;
			case 1 -> Map.of();
			case 2 -> Map.of("a", List.of(1, "x"));
			case 3 -> List.of("x", 1);
			case 4, 5 -> HOSTILE_STRINGS.get(random.nextInt(HOSTILE_STRINGS.size()));
			case 6 -> HOSTILE_NUMBERS.get(random.nextInt(HOSTILE_NUMBERS.size()));
			case 7 -> "ENUM".equals(named.get("kind")) ? new EnumValue("NOT_A_VALUE") : true;
			default -> List.of(HOSTILE_STRINGS.get(random.nextInt(HOSTILE_STRINGS.size())));
		};
	}

	/** A value that fits the type and, for mutations, names only this test's own records. */
	@SuppressWarnings("unchecked")
	private Object plausible(String name, Map<String, Object> type, String fieldName, boolean mutation, Random random) {
		String kind = (String) type.get("kind");
		if ("NON_NULL".equals(kind)) {
			return plausible(name, (Map<String, Object>) type.get("ofType"), fieldName, mutation, random);
		}
		if ("LIST".equals(kind)) {
			return List.of(plausible(name, (Map<String, Object>) type.get("ofType"), fieldName, mutation, random));
		}
		Map<String, Object> named = types.get((String) type.get("name"));
		switch ((String) named.get("kind")) {
			case "ENUM" -> {
				List<Map<String, Object>> values = (List<Map<String, Object>>) named.get("enumValues");
				return new EnumValue((String) values.get(random.nextInt(values.size())).get("name"));
			}
			case "INPUT_OBJECT" -> {
				Map<String, Object> object = new LinkedHashMap<>();
				for (Map<String, Object> field : (List<Map<String, Object>>) named.get("inputFields")) {
					Map<String, Object> fieldType = (Map<String, Object>) field.get("type");
					if (isNonNull(fieldType)) {
						object.put((String) field.get("name"),
								plausible((String) field.get("name"), fieldType, fieldName, mutation, random));
					}
				}
				return object;
			}
			default -> {
				return scalar(name, (String) named.get("name"), fieldName, mutation, random);
			}
		}
	}

	private Object scalar(String name, String type, String fieldName, boolean mutation, Random random) {
		String lower = name.toLowerCase();
		return switch (type) {
			case "ID" -> id(lower, fieldName, mutation, random);
			// a rule of Zuständigkeit set by the fuzzer is the seed's default of its OZG-Leistung, which other tests read:
			// it sets the rules of one that no other test uses
			case "Int" -> lower.contains("ozg") ? (fieldName.equals("setResponsibility") ? RULES_OZG_ID : 10160)
					: lower.contains("themenfeld") ? 1 : lower.equals("first") ? 5
					: lower.contains("population") ? 1000 : 1;
			case "Float" -> 1.0;
			case "Boolean" -> true;
			case "Date" -> "2024-01-01";
			case "DateTime" -> "2024-01-01T00:00:00Z";
			default -> lower.contains("ars") || lower.equals("within") || lower.equals("land") ? "073150000000"
					: lower.equals("query") ? "Hund" : lower.equals("key") ? "99102013000000"
					: lower.contains("url") || lower.contains("website") ? "https://example.org/fuzz"
					: lower.contains("email") ? "fuzz@example.org" : lower.contains("licence") ? "EUPL-1.2"
					: lower.equals("after") ? null : "Fuzz " + random.nextInt(1000);
		};
	}

	private String id(String name, String fieldName, boolean mutation, Random random) {
		String subject = name.contains("solution") ? "solution" : name.contains("adoption") ? "adoption"
				: name.contains("organization") || name.contains("provider") || name.contains("vendor") ? "organization"
				: fieldName.toLowerCase().contains("token") ? "token"
				: fieldName.toLowerCase().contains("solution") ? "solution"
				: fieldName.toLowerCase().contains("adoption") ? "adoption" : "organization";
		if (!mutation && subject.equals("organization") && random.nextBoolean()) {
			return own.get("mainz");
		}
		return own.get(subject);
	}

	// ---- rendering

	@SuppressWarnings("unchecked")
	private static boolean isNonNull(Map<String, Object> type) {
		return "NON_NULL".equals(type.get("kind"));
	}

	@SuppressWarnings("unchecked")
	private static String namedType(Map<String, Object> type) {
		Map<String, Object> t = type;
		while (t.get("name") == null) {
			t = (Map<String, Object>) t.get("ofType");
		}
		return (String) t.get("name");
	}

	private static boolean isComposite(Map<String, Object> type) {
		String kind = (String) types.get(namedType(type)).get("kind");
		return kind.equals("OBJECT") || kind.equals("INTERFACE") || kind.equals("UNION");
	}

	@SuppressWarnings("unchecked")
	private static String typeRef(Map<String, Object> type) {
		return switch ((String) type.get("kind")) {
			case "NON_NULL" -> typeRef((Map<String, Object>) type.get("ofType")) + "!";
			case "LIST" -> "[" + typeRef((Map<String, Object>) type.get("ofType")) + "]";
			default -> (String) type.get("name");
		};
	}

	/** The value as JSON for a variable: enum values become their names. */
	private static Object plain(Object value) {
		if (value instanceof EnumValue e) {
			return e.name();
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			map.forEach((k, v) -> copy.put((String) k, plain(v)));
			return copy;
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>();
			list.forEach(v -> copy.add(plain(v)));
			return copy;
		}
		return value;
	}

	/** The value as a GraphQL literal; every non-ASCII or control character of a string as a \\u escape. */
	private static String literal(Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof EnumValue e) {
			return e.name();
		}
		if (value instanceof String text) {
			StringBuilder out = new StringBuilder("\"");
			for (char c : text.toCharArray()) {
				if (c == '"' || c == '\\') {
					out.append('\\').append(c);
				}
				else if (c < 0x20 || c > 0x7e) {
					out.append(String.format("\\u%04X", (int) c));
				}
				else {
					out.append(c);
				}
			}
			return out.append('"').toString();
		}
		if (value instanceof Map<?, ?> map) {
			return map.entrySet().stream().map(e -> e.getKey() + ": " + literal(e.getValue()))
				.collect(Collectors.joining(", ", "{ ", " }"));
		}
		if (value instanceof List<?> list) {
			return list.stream().map(SchemaFuzzTest::literal).collect(Collectors.joining(", ", "[", "]"));
		}
		return value.toString();
	}

}
