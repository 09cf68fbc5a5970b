package de.ozgregistry.graphql;

import graphql.GraphQLError;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import de.ozgregistry.database.DatabaseOutages;

import static org.assertj.core.api.Assertions.assertThat;

/** The error that ends a running subscription carries a documented code, like every other error. */
class SubscriptionErrorsTest {

	/** A database that cannot be reached: the outage's probe fails too. */
	private static final ConnectionFactory UNREACHABLE = new ConnectionFactory() {
		@Override
		public Mono<io.r2dbc.spi.Connection> create() {
			return Mono.error(new R2dbcNonTransientResourceException("Connection refused"));
		}

		@Override
		public ConnectionFactoryMetadata getMetadata() {
			return () -> "unreachable";
		}
	};

	private final DatabaseOutages outages = new DatabaseOutages(UNREACHABLE);

	private final SubscriptionErrors errors = new SubscriptionErrors(outages);

	@Test
	void aDatabaseOutageEndsTheSubscriptionWithUnavailable() {
		GraphQLError error = errors.resolveToSingleError(new R2dbcNonTransientResourceException("Connection closed"));
		assertThat(error.getExtensions()).containsEntry("code", "UNAVAILABLE").containsKey("retryAfterSeconds");
		assertThat(error.getMessage()).isEqualTo(DatabaseOutages.MESSAGE);
		assertThat(outages.isDown()).isTrue();
	}

	@Test
	void aRegistryFailureKeepsItsCode() {
		GraphQLError error = errors.resolveToSingleError(
				new RegistryException(ErrorCode.SUBSCRIBER_TOO_SLOW, "The subscriber fell behind."));
		assertThat(error.getExtensions()).containsEntry("code", "SUBSCRIBER_TOO_SLOW");
	}

	@Test
	void anythingElseIsInternalWithAnIncidentAndNoJavaNames() {
		GraphQLError error = errors.resolveToSingleError(new IllegalStateException("java.lang.Boom in Foo"));
		assertThat(error.getExtensions()).containsEntry("code", "INTERNAL").containsKey("incident");
		assertThat(error.getMessage()).doesNotContain("java.", "Exception", "Boom");
	}

}
