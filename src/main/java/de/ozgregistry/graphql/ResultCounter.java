package de.ozgregistry.graphql;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

import graphql.ExecutionResult;
import graphql.execution.ExecutionContext;
import graphql.execution.ResultNodesInfo;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationFieldCompleteParameters;
import graphql.language.OperationDefinition;
import graphql.schema.GraphQLFieldsContainer;

/**
 * Counts, while a query runs, the list items it resolves and the values it produces, and stops it with
 * {@code QUERY_TOO_COMPLEX} once either goes over its limit: the guard for lists longer than their estimate. Values
 * are graphql-java's result nodes (every field value and list item), capped at the cost limit plus the row limit
 * (the estimate counts a list item as the fields it holds). Once over, every further field resolves to nothing
 * without being fetched, and the response becomes the one error. Subscriptions (whose events would add up) and
 * introspection (bounded by the schema) are not counted.
 */
final class ResultCounter implements InstrumentationState {

	private final long maxRows;

	private final long maxValues;

	private final AtomicLong rows = new AtomicLong();

	private volatile ExecutionContext context;

	private volatile String stopped;

	ResultCounter(long maxRows, long maxCost) {
		this.maxRows = maxRows;
		this.maxValues = maxCost + maxRows;
	}

	/** Starts counting the values of a query or mutation. */
	void start(ExecutionContext context) {
		if (context.getOperationDefinition().getOperation() != OperationDefinition.Operation.SUBSCRIPTION) {
			this.context = context;
			context.getGraphQLContext().put(ResultNodesInfo.MAX_RESULT_NODES, (int) Math.min(maxValues, Integer.MAX_VALUE));
		}
	}

	/** Counts the items of a list before any of them is completed. */
	void countList(InstrumentationFieldCompleteParameters parameters) {
		ExecutionContext running = this.context;
		GraphQLFieldsContainer parent = parameters.getExecutionStepInfo().getObjectType();
		if (running == null || parent == null || ListSizes.isIntrospection(parent)) {
			return;
		}
		if (rows.addAndGet(size(parameters.getFetchedObject())) > maxRows && stopped == null) {
			stopped = "The response would hold more than " + maxRows + " list items; at most " + maxRows
					+ " are allowed. Ask for smaller pages (first), a smaller region (within) or fewer aliases.";
			// graphql-java resolves no further field once its result node limit is reached
			running.getGraphQLContext().put(ResultNodesInfo.MAX_RESULT_NODES, 0);
		}
	}

	/** The response: the query's result, or the one error if it was stopped. */
	ExecutionResult result(ExecutionResult result) {
		ExecutionContext running = this.context;
		if (running == null) {
			return result;
		}
		String message = stopped;
		if (message == null && running.getResultNodesInfo().isMaxResultNodesExceeded()) {
			message = "The query's lists are longer than estimated: its response would hold more than " + maxValues
					+ " values. Ask for fewer fields, smaller pages (first) or a smaller region (within).";
		}
		if (message == null) {
			return result;
		}
		return ExecutionResult.newExecutionResult().addError(QueryLimits.tooComplex(message)).build();
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

}
