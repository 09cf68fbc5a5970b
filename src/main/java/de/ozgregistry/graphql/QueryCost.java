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
 * the list items the response would hold. Saturates instead of overflowing. The depth is measured apart for data
 * and for introspection ({@code __schema}, {@code __type}): introspection is answered from the schema in memory and
 * bounded by graphql-java's good-faith check (each of its lists asked for once, so its answer is at most one copy of
 * the schema), but the standard introspection query of graphql-js nests 15 levels, deeper than any data query needs.
 */
final class QueryCost {

	/** Far above any limit, and still safe to add a few of. */
	private static final long SATURATED = Long.MAX_VALUE / 8;

	/**
	 * Estimated cost and rows, and the depth (fields on the longest path) of the data fields and of the introspection
	 * fields ({@code __schema}, {@code __type} and everything below them).
	 */
	record Estimate(long cost, long rows, int depth, int introspectionDepth) {
	}

	/** The root fields whose answer is the schema itself. */
	private static final java.util.Set<String> INTROSPECTION_ROOTS = java.util.Set.of("__schema", "__type");

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
		int[] depths = new int[2];
		traverser.visitPostOrder(new QueryVisitorStub() {
			@Override
			public void visitField(QueryVisitorFieldEnvironment env) {
				int depth = 1;
				QueryVisitorFieldEnvironment root = env;
				while (root.getParentEnvironment() != null) {
					root = root.getParentEnvironment();
					depth++;
				}
				int kind = INTROSPECTION_ROOTS.contains(root.getField().getName()) ? 1 : 0;
				depths[kind] = Math.max(depths[kind], depth);
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
		return new Estimate(total[0], total[1], depths[0], depths[1]);
	}

	private static long add(long a, long b) {
		return Math.min(SATURATED, a + b);
	}

	private static long times(long a, long b) {
		return (b != 0 && a > SATURATED / b) ? SATURATED : Math.min(SATURATED, a * b);
	}

}
