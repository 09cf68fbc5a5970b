package de.ozgregistry.graphql;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.analysis.QueryVisitorStub;
import graphql.execution.CoercedVariables;
import graphql.language.Document;
import graphql.schema.GraphQLSchema;

/**
 * The cost of an operation, estimated from its document before anything is fetched: every field costs 1, and a list
 * costs its estimated length ({@link ListSizes}) times the cost of one item, so a list costs what it returns. Rows are
 * the list items the response would hold. Saturates instead of overflowing.
 */
final class QueryCost {

	/** Far above any limit, and still safe to add a few of. */
	private static final long SATURATED = Long.MAX_VALUE / 8;

	/** Estimated cost and rows. */
	record Estimate(long cost, long rows) {
	}

	private QueryCost() {
	}

	static Estimate estimate(GraphQLSchema schema, Document document, String operationName,
			CoercedVariables variables, LocalDate today) {
		QueryTraverser traverser = QueryTraverser.newQueryTraverser()
			.schema(schema)
			.document(document)
			.operationName(operationName)
			.coercedVariables(variables)
			.build();
		Map<QueryVisitorFieldEnvironment, long[]> children = new HashMap<>();
		traverser.visitPostOrder(new QueryVisitorStub() {
			@Override
			public void visitField(QueryVisitorFieldEnvironment env) {
				long[] below = children.getOrDefault(env, new long[2]);
				long cost;
				long rows;
				if (env.isTypeNameIntrospectionField()) {
					cost = 0;
					rows = 0;
				}
				else if (ListSizes.isList(env.getFieldDefinition())) {
					QueryVisitorFieldEnvironment parent = env.getParentEnvironment();
					long length = ListSizes.of(env.getFieldsContainer(), env.getFieldDefinition(), env.getArguments(),
							(parent != null) ? parent.getArguments() : null, today);
					cost = add(1, times(length, Math.max(below[0], 1)));
					rows = add(length, times(length, below[1]));
				}
				else {
					cost = add(1, below[0]);
					rows = below[1];
				}
				long[] sums = children.computeIfAbsent(env.getParentEnvironment(), key -> new long[2]);
				sums[0] = add(sums[0], cost);
				sums[1] = add(sums[1], rows);
			}
		});
		long[] total = children.getOrDefault(null, new long[2]);
		return new Estimate(total[0], total[1]);
	}

	private static long add(long a, long b) {
		return Math.min(SATURATED, a + b);
	}

	private static long times(long a, long b) {
		return (b != 0 && a > SATURATED / b) ? SATURATED : Math.min(SATURATED, a * b);
	}

}
