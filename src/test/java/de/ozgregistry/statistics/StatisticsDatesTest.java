package de.ozgregistry.statistics;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import de.ozgregistry.RegistryTime;
import de.ozgregistry.graphql.ErrorCode;
import de.ozgregistry.graphql.RegistryException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The date statistics refer to, with the registry's clock pinned and without the application. */
class StatisticsDatesTest {

	/** 00:30 on 1 April 2026 in Germany, still 31 March in UTC. */
	private static final Clock JUST_AFTER_MIDNIGHT = Clock.fixed(Instant.parse("2026-03-31T22:30:00Z"),
			RegistryTime.ZONE);

	/** {@code at} reads no data: no database needed. */
	private final StatisticsRequests requests = new StatisticsRequests(null, JUST_AFTER_MIDNIGHT);

	@Test
	void withoutADateStatisticsDescribeTheRegistrysToday() {
		assertThat(requests.at(null)).isEqualTo(LocalDate.of(2026, 4, 1));
	}

	@Test
	void todayInGermanyIsNotInTheFutureEvenWhileItIsYesterdayInUtc() {
		assertThat(requests.at(LocalDate.of(2026, 4, 1))).isEqualTo(LocalDate.of(2026, 4, 1));
		assertThat(requests.at(LocalDate.of(2019, 1, 1))).isEqualTo(LocalDate.of(2019, 1, 1));
	}

	@Test
	void tomorrowIsRefusedAsInTheFuture() {
		assertThatThrownBy(() -> requests.at(LocalDate.of(2026, 4, 2))).isInstanceOfSatisfying(
				RegistryException.class, ex -> {
					assertThat(ex.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
					assertThat(ex.extensions()).containsEntry("field", "at").containsEntry("rule", "not-in-future");
				});
	}

}
