package de.ozgregistry.database;

import java.net.ConnectException;
import java.time.Duration;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.junit.jupiter.api.Test;
import reactor.pool.PoolAcquireTimeoutException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures mean "the database cannot be reached" ({@link DatabaseOutages#isOutage}), and which do not. */
class DatabaseOutagesTest {

	@Test
	void brokenOrRefusedConnectionsAreOutages() {
		assertThat(DatabaseOutages.isOutage(new R2dbcNonTransientResourceException("Connection closed"))).isTrue();
		assertThat(DatabaseOutages.isOutage(new R2dbcTransientResourceException("Connection reset"))).isTrue();
		assertThat(DatabaseOutages.isOutage(new R2dbcNonTransientResourceException("Cannot connect",
				new ConnectException("Connection refused")))).isTrue();
		assertThat(DatabaseOutages.isOutage(new ConnectException("Connection refused"))).isTrue();
	}

	@Test
	void connectionAndShutdownStatesOfTheServerAreOutages() {
		for (String state : new String[] { "08006", "08001", "57P01", "57P02", "57P03" }) {
			assertThat(DatabaseOutages.isOutage(new R2dbcNonTransientResourceException("server", state)))
				.as(state).isTrue();
		}
	}

	@Test
	void anExhaustedPoolIsAnOutage() {
		assertThat(DatabaseOutages.isOutage(new R2dbcTimeoutException("Connection acquisition timed out after 5000ms")))
			.isTrue();
		assertThat(DatabaseOutages.isOutage(new PoolAcquireTimeoutException(Duration.ofSeconds(5)))).isTrue();
	}

	@Test
	void outagesAreFoundBehindSpringsTranslation() {
		var refused = new R2dbcNonTransientResourceException("Cannot connect", new ConnectException("refused"));
		assertThat(DatabaseOutages.isOutage(new DataAccessResourceFailureException("executeMany", refused))).isTrue();
		assertThat(DatabaseOutages.isOutage(new CannotCreateTransactionException("Could not open connection", refused)))
			.isTrue();
	}

	@Test
	void answersOfAReachableServerAreNotOutages() {
		// r2dbc-postgresql reports states it has no class for (raise_exception P0001) as non-transient resource errors
		assertThat(DatabaseOutages.isOutage(new R2dbcNonTransientResourceException("raised", "P0001"))).isFalse();
		assertThat(DatabaseOutages.isOutage(new R2dbcTimeoutException("canceling statement", "57014"))).isFalse();
		assertThat(DatabaseOutages.isOutage(new R2dbcDataIntegrityViolationException("duplicate", "23505"))).isFalse();
		assertThat(DatabaseOutages.isOutage(new R2dbcBadGrammarException("syntax", "42601"))).isFalse();
		assertThat(DatabaseOutages.isOutage(new IllegalStateException("bug"))).isFalse();
	}

}
