package de.ozgregistry.graphql;

import java.util.Map;
import java.util.UUID;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import de.ozgregistry.database.DatabaseOutages;

import org.springframework.graphql.execution.SubscriptionExceptionResolverAdapter;
import org.springframework.stereotype.Component;

/**
 * Gives the error that ends a running subscription an {@code extensions.code} like every other GraphQL error
 * ({@link GraphQlErrors} covers everything else): registry failures keep their code, anything unexpected becomes
 * {@code UNAVAILABLE} when the database cannot be reached (logged once per outage), anything unexpected becomes
 * {@code INTERNAL} with an incident ID that is also in the log.
 */
@Component
class SubscriptionErrors extends SubscriptionExceptionResolverAdapter {

	private static final Log logger = LogFactory.getLog(SubscriptionErrors.class);

	private final DatabaseOutages outages;

	SubscriptionErrors(DatabaseOutages outages) {
		this.outages = outages;
	}

	@Override
	protected GraphQLError resolveToSingleError(Throwable ex) {
		if (DatabaseOutages.isOutage(ex)) {
			outages.report(ex);
			return GraphQlErrors.withoutEmptyLocations(UnavailableResponses.error(GraphqlErrorBuilder.newError()));
		}
		if (ex instanceof RegistryException registry) {
			return GraphqlErrorBuilder.newError()
				.locations(null)
				.errorType(registry.code())
				.message(registry.getMessage())
				.extensions(registry.extensions())
				.build();
		}
		String incident = UUID.randomUUID().toString();
		logger.error("Unexpected failure of a subscription (incident " + incident + ")", ex);
		return GraphqlErrorBuilder.newError()
			.locations(null)
			.errorType(ErrorCode.INTERNAL)
			.message("An unexpected error occurred (incident " + incident + ").")
			.extensions(Map.of("code", ErrorCode.INTERNAL.name(), "incident", incident))
			.build();
	}

}
