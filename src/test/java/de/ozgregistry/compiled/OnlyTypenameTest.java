package de.ozgregistry.compiled;

import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which operations the compiled path leaves to the engine before building anything: those reading nothing. */
class OnlyTypenameTest {

	private static boolean onlyTypename(String document) {
		return CompiledReads.onlyTypename(Parser.parse(document).getFirstDefinitionOfType(OperationDefinition.class)
			.orElseThrow());
	}

	@Test
	void plainTypenameFieldsReadNothing() {
		assertThat(onlyTypename("{ __typename }")).isTrue();
		assertThat(onlyTypename("query Q { a: __typename b: __typename @skip(if: true) }")).isTrue();
	}

	@Test
	void anyOtherFieldOrAFragmentIsDecidedOnTheNormalizedTree() {
		assertThat(onlyTypename("{ __typename themenfelder { name } }")).isFalse();
		assertThat(onlyTypename("{ ... on Query { __typename } }")).isFalse();
		assertThat(onlyTypename("{ ...F } fragment F on Query { __typename }")).isFalse();
	}

}
