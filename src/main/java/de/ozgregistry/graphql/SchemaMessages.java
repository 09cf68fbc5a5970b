package de.ozgregistry.graphql;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.InlineFragment;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.Value;
import graphql.language.VariableReference;

/**
 * Rewrites graphql-java's validation and coercion messages into the schema's language: the argument path and the
 * expected schema type, never a dump of the query's syntax tree ({@code ObjectValue{...}}) or a Java type
 * ({@code LinkedHashMap}). Each rewritten message names its field where the original tells it.
 */
final class SchemaMessages {

	/** A rewritten message and the input field it is about, or {@code null} when unknown. */
	record Rewritten(String message, String field) {
	}

	private static final String ARGUMENT = "^Validation error \\(\\w+(?:@\\[[^\\]]*\\])?\\) : argument '([^']+)' with value '.*'";

	private static final Pattern NOT_VALID = Pattern.compile(ARGUMENT + " is not a valid '([^']+)' - (.*)$",
			Pattern.DOTALL);

	private static final Pattern MUST_NOT_BE_NULL = Pattern.compile(ARGUMENT + " must not be null$", Pattern.DOTALL);

	private static final Pattern MISSING_FIELDS = Pattern.compile(ARGUMENT + " is missing required fields '\\[(.*)\\]'$",
			Pattern.DOTALL);

	private static final Pattern UNKNOWN_FIELD = Pattern
		.compile(ARGUMENT + " contains a field not in '([^']+)': '([^']+)'$", Pattern.DOTALL);

	private static final Pattern NOT_AN_OBJECT = Pattern.compile(ARGUMENT + " must be an object type$", Pattern.DOTALL);

	private static final Pattern ANY_ARGUMENT = Pattern.compile(ARGUMENT + ".*$", Pattern.DOTALL);

	private static final Pattern VARIABLE = Pattern.compile("^Variable '(\\w+)' has an invalid value: (.*)$",
			Pattern.DOTALL);

	private static final Pattern VARIABLE_NULL = Pattern
		.compile("^Variable '(\\w+)' has coerced Null value for NonNull type '([^']+)'$");

	private static final Pattern FIELD_NULL = Pattern
		.compile("^Field '(\\w+)' has coerced Null value for NonNull type '([^']+)'$");

	private static final Pattern INTEGER_RANGE = Pattern.compile("^Expected value to be in the integer range, but it was a '([-0-9.eE+]+)'$");

	private static final Pattern EXPECTED_INPUT = Pattern.compile("^Expected an? (\\w+) input, but it was an? '[^']*'$");

	private static final Pattern EXPECTED_CONVERTIBLE = Pattern
		.compile("^Expected a value that can be converted to type '(\\w+)' but it was an? '[^']*'$");

	private static final Pattern EXPECTED_MAP = Pattern.compile("^Expected type 'Map' but was '[^']*'\\..*$", Pattern.DOTALL);

	private static final Pattern ENUM_VALUE = Pattern
		.compile("^Invalid input for enum '(\\w+)'\\. No value found for name '(.*)'$", Pattern.DOTALL);

	/** The form our own scalars describe themselves in ({@code Expected a Date such as 2024-03-01}). */
	private static final Pattern OWN_SCALAR = Pattern.compile("^Expected (an? (?:Date|DateTime) such as [-0-9T:Z+]+)$");

	private static final Pattern VARIABLE_TYPE_MISMATCH = Pattern.compile("^Validation error \\(VariableTypeMismatch(?:@\\[[^\\]]*\\])?\\) : "
			+ "Variable '(\\w+)' of type '([^']+)' used in position expecting type '([^']+)'$");

	private static final Pattern UNDEFINED_INPUT_FIELD = Pattern.compile(
			"^The variables input contains a field name '(\\w+)' that is not defined for input object type '(\\w+)' ?$");

	/** Any other validation error: graphql-java's rule name and path before the sentence that says it. */
	private static final Pattern OTHER_VALIDATION = Pattern.compile("^Validation error \\(\\w+(?:@\\[[^\\]]*\\])?\\) : (.*)$",
			Pattern.DOTALL);

	/** Traces of graphql-java's syntax tree or of Java that a message must never show. */
	static final Pattern FORBIDDEN = Pattern.compile(
			"[A-Z][A-Za-z]*Value\\{|ObjectField\\{|VariableReference\\{|LinkedHashMap|ArrayList|HashMap|java\\.|graphql\\.|Exception|"
					+ "'(?:Integer|Long|Double|BigDecimal|BigInteger|Map)'");

	private static final String INT_RANGE = "a whole number from -2147483648 to 2147483647";

	private SchemaMessages() {
	}

	/**
	 * The message in the schema's language; {@code usage} tells the argument path at which a variable is used
	 * ({@code input} for {@code $i} in {@code publishSolution(input: $i)}), or {@code null}.
	 */
	static Rewritten rewrite(String message, Function<String, String> usage) {
		if (message == null) {
			return new Rewritten("The request does not fit the schema.", null);
		}
		Matcher m;
		if ((m = NOT_VALID.matcher(message)).matches()) {
			return new Rewritten(m.group(1) + " must be " + expected(m.group(2), m.group(3)) + ".", field(m.group(1)));
		}
		if ((m = MUST_NOT_BE_NULL.matcher(message)).matches()) {
			return new Rewritten(m.group(1) + " must not be null.", field(m.group(1)));
		}
		if ((m = MISSING_FIELDS.matcher(message)).matches()) {
			return new Rewritten(m.group(1) + " lacks the required fields " + m.group(2) + ".", field(m.group(1)));
		}
		if ((m = UNKNOWN_FIELD.matcher(message)).matches()) {
			return new Rewritten(m.group(1) + " has the field " + m.group(3) + ", which " + m.group(2)
					+ " does not define.", field(m.group(1)));
		}
		if ((m = NOT_AN_OBJECT.matcher(message)).matches()) {
			return new Rewritten(m.group(1) + " must be an input object ({ field: value, ... }).", field(m.group(1)));
		}
		if ((m = ANY_ARGUMENT.matcher(message)).matches()) {
			return new Rewritten(m.group(1) + " does not fit its type in the schema.", field(m.group(1)));
		}
		if ((m = VARIABLE.matcher(message)).matches()) {
			return variable(m.group(1), m.group(2), usage);
		}
		if ((m = VARIABLE_NULL.matcher(message)).matches()) {
			return new Rewritten("Variable $" + m.group(1) + " must not be null (type " + m.group(2) + ").",
					usage.apply(m.group(1)));
		}
		if ((m = VARIABLE_TYPE_MISMATCH.matcher(message)).matches()) {
			return new Rewritten("Variable $" + m.group(1) + " is declared " + m.group(2) + " but used where "
					+ m.group(3) + " is expected.", usage.apply(m.group(1)));
		}
		if ((m = UNDEFINED_INPUT_FIELD.matcher(message)).matches()) {
			return new Rewritten("A variable has the field " + m.group(1) + ", which " + m.group(2)
					+ " does not define.", null);
		}
		if (FORBIDDEN.matcher(message).find()) {
			return new Rewritten("The request does not fit the schema.", null);
		}
		if ((m = OTHER_VALIDATION.matcher(message)).matches()) {
			String sentence = m.group(1).strip();
			return new Rewritten(sentence.endsWith(".") ? sentence : sentence + ".", null);
		}
		return new Rewritten(message, null);
	}

	private static Rewritten variable(String name, String detail, Function<String, String> usage) {
		String prefix = "Variable $" + name + " does not fit its type: ";
		String field = usage.apply(name);
		Matcher m;
		if ((m = FIELD_NULL.matcher(detail)).matches()) {
			return new Rewritten("Variable $" + name + " lacks the required field " + m.group(1) + " (type "
					+ m.group(2) + ").", (field == null) ? null : field + "." + m.group(1));
		}
		if ((m = VARIABLE_NULL.matcher(detail)).matches()) {
			return new Rewritten("Variable $" + name + " must not be null (type " + m.group(2) + ").", field);
		}
		if ((m = INTEGER_RANGE.matcher(detail)).matches()) {
			return new Rewritten(prefix + m.group(1) + " is not an Int, " + INT_RANGE + ".", field);
		}
		if ((m = EXPECTED_INPUT.matcher(detail)).matches() || (m = EXPECTED_CONVERTIBLE.matcher(detail)).matches()) {
			return new Rewritten(prefix + article(m.group(1)) + " " + m.group(1) + " is expected.", field);
		}
		if (EXPECTED_MAP.matcher(detail).matches()) {
			return new Rewritten(prefix + "an input object ({ \"field\": value, ... }) is expected.", field);
		}
		if ((m = ENUM_VALUE.matcher(detail)).matches()) {
			return new Rewritten(prefix + m.group(2) + " is not a value of the enum " + m.group(1) + ".", field);
		}
		if ((m = OWN_SCALAR.matcher(detail)).matches()) {
			return new Rewritten(prefix + m.group(1) + " is expected.", field);
		}
		return new Rewritten("Variable $" + name + " does not fit its type.", field);
	}

	/** What a literal of {@code type} must be, from graphql-java's {@code detail}. */
	private static String expected(String type, String detail) {
		Matcher own = OWN_SCALAR.matcher(detail);
		if (own.matches()) {
			return own.group(1);
		}
		if (detail.contains("integer range")) {
			return "an Int, " + INT_RANGE;
		}
		if (detail.contains("enum")) {
			return "one of the values of the enum " + type;
		}
		return article(type) + " " + type;
	}

	private static String article(String type) {
		return "AEIOU".indexOf(Character.toUpperCase(type.charAt(0))) >= 0 ? "an" : "a";
	}

	/** The field as in {@code extensions.field}: without list indexes ({@code filter.kinds}). */
	private static String field(String path) {
		return path.replaceAll("\\[\\d+\\]", "");
	}

	/** Where each variable of the document is used first: its argument path ({@code filter.name}). */
	static Map<String, String> variableUsages(Document document) {
		Map<String, String> usages = new HashMap<>();
		for (var definition : document.getDefinitions()) {
			if (definition instanceof OperationDefinition operation) {
				walk(operation.getSelectionSet(), usages);
				operation.getDirectives().forEach(d -> directive(d, usages));
			}
			else if (definition instanceof FragmentDefinition fragment) {
				walk(fragment.getSelectionSet(), usages);
			}
		}
		return usages;
	}

	private static void walk(SelectionSet set, Map<String, String> usages) {
		if (set == null) {
			return;
		}
		for (Selection<?> selection : set.getSelections()) {
			if (selection instanceof Field field) {
				for (Argument argument : field.getArguments()) {
					value(argument.getValue(), argument.getName(), usages);
				}
				field.getDirectives().forEach(d -> directive(d, usages));
				walk(field.getSelectionSet(), usages);
			}
			else if (selection instanceof InlineFragment fragment) {
				walk(fragment.getSelectionSet(), usages);
			}
		}
	}

	private static void directive(Directive directive, Map<String, String> usages) {
		directive.getArguments().forEach(a -> value(a.getValue(), a.getName(), usages));
	}

	private static void value(Value<?> value, String path, Map<String, String> usages) {
		if (value instanceof VariableReference reference) {
			usages.putIfAbsent(reference.getName(), path);
		}
		else if (value instanceof ObjectValue object) {
			for (ObjectField field : object.getObjectFields()) {
				value(field.getValue(), path + "." + field.getName(), usages);
			}
		}
		else if (value instanceof ArrayValue array) {
			List<Value> values = array.getValues();
			values.forEach(v -> value(v, path, usages));
		}
	}

}
