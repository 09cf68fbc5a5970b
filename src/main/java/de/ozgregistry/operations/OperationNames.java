package de.ozgregistry.operations;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import graphql.language.OperationDefinition;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import org.springframework.graphql.observation.DefaultExecutionRequestObservationConvention;
import org.springframework.graphql.observation.ExecutionRequestObservationContext;
import org.springframework.stereotype.Component;

/**
 * Tags spring-graphql's request observation ({@code graphql.request}, Prometheus
 * {@code graphql_request_seconds}) with the name of the operation that ran, so that latency can be read per
 * operation. Names come from clients: the first {@value #MAX_NAMES} distinct ones are kept, later ones are counted as
 * {@code OTHER}, so that nobody can create time series without end. An unnamed operation is {@code anonymous}, a
 * request refused before execution (e.g. invalid) {@code none}.
 */
@Component
class OperationNames extends DefaultExecutionRequestObservationConvention {

	static final String TAG = "graphql.operation.name";

	static final int MAX_NAMES = 200;

	private final Set<String> names = ConcurrentHashMap.newKeySet();

	@Override
	public KeyValues getLowCardinalityKeyValues(ExecutionRequestObservationContext context) {
		return super.getLowCardinalityKeyValues(context).and(KeyValue.of(TAG, name(context)));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ExecutionRequestObservationContext context) {
		// the operation name is a low-cardinality tag here; the same key twice would fail the timer
		return KeyValues.of(executionId(context));
	}

	private String name(ExecutionRequestObservationContext context) {
		if (context.getExecutionContext() == null || context.getExecutionContext().getOperationDefinition() == null) {
			return "none";
		}
		OperationDefinition operation = context.getExecutionContext().getOperationDefinition();
		String name = operation.getName();
		if (name == null || name.isEmpty()) {
			return "anonymous";
		}
		if (names.contains(name) || (names.size() < MAX_NAMES && names.add(name))) {
			return name;
		}
		return "OTHER";
	}

}
