package de.ozgregistry.graphql;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationFieldCompleteParameters;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;

/**
 * Counts, while a query runs, the list items it resolves and what they cost (the fields selected on each item, as in
 * {@link QueryCost}), and stops the query with {@code QUERY_TOO_COMPLEX} as soon as either goes over its limit: the
 * guard for lists longer than their estimate. A list is counted when its items are known and before any of them is
 * completed, so nothing below an oversized list is fetched. Subscriptions (counted per event by nobody) and
 * introspection (bounded by the schema) are not counted.
 */
final class ResultCounter implements InstrumentationState {

	private final long maxRows;

	private final long maxCost;

	private final AtomicLong rows = new AtomicLong();

	private final AtomicLong cost = new AtomicLong();

	ResultCounter(long maxRows, long maxCost) {
		this.maxRows = maxRows;
		this.maxCost = maxCost;
	}

	void countList(InstrumentationFieldCompleteParameters parameters) {
		ExecutionContext context = parameters.getExecutionContext();
		GraphQLFieldsContainer parent = parameters.getExecutionStepInfo().getObjectType();
		if (context.getOperationDefinition().getOperation() == OperationDefinition.Operation.SUBSCRIPTION
				|| parent == null || ListSizes.isIntrospection(parent)) {
			return;
		}
		long items = size(parameters.getFetchedObject());
		if (items == 0) {
			return;
		}
		GraphQLType item = GraphQLTypeUtil
			.unwrapNonNull(((GraphQLList) GraphQLTypeUtil.unwrapNonNull(parameters.getField().getType())).getWrappedType());
		long perItem = 1;
		if (!GraphQLTypeUtil.isLeaf(item)) {
			perItem = 0;
			for (var field : parameters.getExecutionStrategyParameters().getField().getFields()) {
				perItem += fields(context, field.getSelectionSet(), GraphQLTypeUtil.unwrapAll(item));
			}
		}
		long totalRows = rows.addAndGet(items);
		long totalCost = cost.addAndGet(items * Math.max(perItem, 1));
		if (totalRows > maxRows) {
			throw stop("The response would hold more than " + maxRows + " list items; at most " + maxRows
					+ " are allowed. Ask for smaller pages (first), a smaller region (within) or fewer aliases.",
					context);
		}
		if (totalCost > maxCost) {
			throw stop("The query's cost went over " + maxCost + " while it ran (its lists are longer than estimated);"
					+ " at most " + maxCost + " is allowed. Ask for fewer fields or smaller lists.", context);
		}
	}

	private static RuntimeException stop(String message, ExecutionContext context) {
		// whatever else is still running is stopped at its next field
		context.getExecutionInput().cancel();
		return QueryLimits.abort(message);
	}

	private static long size(Object list) {
		if (list instanceof Collection<?> collection) {
			return collection.size();
		}
		long n = 0;
		if (list instanceof Iterable<?> iterable) {
			for (Object ignored : iterable) {
				n++;
			}
		}
		return n;
	}

	/**
	 * The fields one item of a list resolves, following fragments and objects below it; a list below counts 1 here
	 * and its own items when it is completed.
	 */
	private static long fields(ExecutionContext context, SelectionSet selections, GraphQLType type) {
		if (selections == null) {
			return 0;
		}
		long n = 0;
		for (Selection<?> selection : selections.getSelections()) {
			if (selection instanceof graphql.language.Field field) {
				if (field.getName().equals("__typename")) {
					continue;
				}
				n++;
				GraphQLFieldDefinition definition = (type instanceof GraphQLFieldsContainer container)
						? container.getFieldDefinition(field.getName()) : null;
				if (definition != null && !ListSizes.isList(definition)) {
					n += fields(context, field.getSelectionSet(), GraphQLTypeUtil.unwrapAll(definition.getType()));
				}
			}
			else if (selection instanceof InlineFragment fragment) {
				GraphQLType on = (fragment.getTypeCondition() != null)
						? context.getGraphQLSchema().getType(fragment.getTypeCondition().getName()) : type;
				n += fields(context, fragment.getSelectionSet(), on);
			}
			else if (selection instanceof FragmentSpread spread) {
				FragmentDefinition fragment = context.getFragment(spread.getName());
				if (fragment != null) {
					n += fields(context, fragment.getSelectionSet(),
							context.getGraphQLSchema().getType(fragment.getTypeCondition().getName()));
				}
			}
		}
		return n;
	}

}
