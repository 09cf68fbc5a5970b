package de.ozgregistry.graphql;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import graphql.parser.Parser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rewriting of graphql-java's messages into the schema's language, without the application. */
class SchemaMessagesTest {

	private static final Map<String, String> USAGE = Map.of("i", "input", "f", "first", "k", "filter.kind");

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			Validation error (WrongType@[publishSolution]) : argument 'input.name' with value 'ObjectValue{objectFields=[ObjectField{name='a', value=IntValue{value=1}}]}' is not a valid 'String' - Expected an AST type of 'StringValue' but it was a 'ObjectValue' | input.name must be a String. | input.name
			Validation error (WrongType@[ozgServices]) : argument 'first' with value 'IntValue{value=99999999999}' is not a valid 'Int' - Expected value to be in the integer range, but it was a '99999999999' | first must be an Int, a whole number from -2147483648 to 2147483647. | first
			Validation error (WrongType@[organizations]) : argument 'filter.kind' with value 'EnumValue{name='CITY'}' is not a valid 'OrganizationKind' - Literal value not in allowable values for enum 'OrganizationKind' - 'EnumValue{name='CITY'}' | filter.kind must be one of the values of the enum OrganizationKind. | filter.kind
			Validation error (WrongType@[search]) : argument 'filter.kinds[0]' with value 'EnumValue{name='BOGUS'}' is not a valid 'SearchKind' - Literal value not in allowable values for enum 'SearchKind' - 'EnumValue{name='BOGUS'}' | filter.kinds[0] must be one of the values of the enum SearchKind. | filter.kinds
			Validation error (WrongType@[updateAdoptionStatus]) : argument 'input.effectiveDate' with value 'StringValue{value='31.12.2024'}' is not a valid 'Date' - Expected a Date such as 2024-03-01 | input.effectiveDate must be a Date such as 2024-03-01. | input.effectiveDate
			Validation error (WrongType@[solution]) : argument 'id' with value 'FloatValue{value=1.5}' is not a valid 'ID' - Expected an AST type of 'IntValue' or 'StringValue' but it was a 'FloatValue' | id must be an ID. | id
			Validation error (WrongType@[ozgService]) : argument 'ozgId' with value 'NullValue{}' must not be null | ozgId must not be null. | ozgId
			Validation error (WrongType@[organizations]) : argument 'filter' with value 'ObjectValue{objectFields=[ObjectField{name='bogus', value=IntValue{value=1}}]}' contains a field not in 'OrganizationFilter': 'bogus' | filter has the field bogus, which OrganizationFilter does not define. | filter
			Validation error (WrongType@[organizations]) : argument 'filter' with value 'StringValue{value='x'}' must be an object type | filter must be an input object ({ field: value, ... }). | filter
			Validation error (WrongType@[publishSolution]) : argument 'input' with value 'ObjectValue{objectFields=[]}' is missing required fields '[name, summary]' | input lacks the required fields name, summary. | input
			Validation error (WrongType@[x]) : argument 'input.name' with value 'StringValue{value='' is not a valid 'Int' - trick'}' is not a valid 'String' - Expected an AST type of 'StringValue' but it was a 'IntValue' | input.name must be a String. | input.name
			Variable 'i' has an invalid value: Expected a String input, but it was a 'LinkedHashMap' | Variable $i does not fit its type: a String is expected. | input
			Variable 'i' has an invalid value: Field 'summary' has coerced Null value for NonNull type 'String!' | Variable $i lacks the required field summary (type String!). | input.summary
			Variable 'i' has an invalid value: Expected type 'Map' but was 'String'. Variables for input objects must be an instance of type 'Map'. | Variable $i does not fit its type: an input object ({ "field": value, ... }) is expected. | input
			Variable 'f' has an invalid value: Expected a value that can be converted to type 'Int' but it was a 'Double' | Variable $f does not fit its type: an Int is expected. | first
			Variable 'f' has an invalid value: Expected value to be in the integer range, but it was a '99999999999' | Variable $f does not fit its type: 99999999999 is not an Int, a whole number from -2147483648 to 2147483647. | first
			Variable 'k' has an invalid value: Invalid input for enum 'OrganizationKind'. No value found for name 'CITY' | Variable $k does not fit its type: CITY is not a value of the enum OrganizationKind. | filter.kind
			Variable 'i' has an invalid value: Variable 'i' has coerced Null value for NonNull type 'ID!' | Variable $i must not be null (type ID!). | input
			Variable 'x' has coerced Null value for NonNull type 'String!' | Variable $x must not be null (type String!). |
			Variable 'f' has an invalid value: Expected a Boolean input, but it was a 'String' | Variable $f does not fit its type: a Boolean is expected. | first
			Validation error (VariableTypeMismatch@[ozgServices]) : Variable 'f' of type 'String' used in position expecting type 'Int' | Variable $f is declared String but used where Int is expected. | first
			The variables input contains a field name 'bogus' that is not defined for input object type 'PublishSolutionInput'  | A variable has the field bogus, which PublishSolutionInput does not define. |
			Variable 'i' has an invalid value: Something new from java.util.LinkedHashMap | Variable $i does not fit its type. | input
			Something else entirely with ArrayValue{values=[]} | The request does not fit the schema. |
			Validation error (FieldUndefined@[ozgServices/nonsense]) : Field 'nonsense' in type 'OzgServiceConnection' is undefined | Field 'nonsense' in type 'OzgServiceConnection' is undefined. |
			Validation error (UnknownArgument@[organization]) : Unknown field argument 'bogus' | Unknown field argument 'bogus'. |
			""")
	void messagesSpeakTheSchemasLanguage(String original, String expected, String field) {
		SchemaMessages.Rewritten rewritten = SchemaMessages.rewrite(original, USAGE::get);
		assertThat(rewritten.message()).isEqualTo(expected);
		assertThat(rewritten.field()).isEqualTo(field);
		assertThat(SchemaMessages.FORBIDDEN.matcher(rewritten.message()).find()).as(rewritten.message()).isFalse();
	}

	@Test
	void variablesAreTracedToTheArgumentsTheyFill() {
		var usages = SchemaMessages.variableUsages(Parser.parse("""
				query($a: String, $b: [Int!], $c: Boolean!) { x: ozgServices(filter: { name: $a }) @include(if: $c) {
				  ... on OzgServiceConnection { edges { node { solutions(after: $a) { totalCount } } } } }
				  solutions(filter: { ozgIds: [1, $b] }) { totalCount } }
				fragment F on Query { organizations(first: $b) { totalCount } }"""));
		assertThat(usages).containsEntry("a", "filter.name").containsEntry("b", "filter.ozgIds").containsEntry("c", "if");
	}

}
