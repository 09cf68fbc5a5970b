package de.ozgregistry;

import java.time.Clock;
import java.time.ZoneId;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The registry's time: one {@link Clock} bean that every feature reads "now" and "today" from, so that tests can pin
 * it, and the one time zone in which dates without a time of day (effective dates, the date of a report) are meant.
 */
@Configuration(proxyBeanMethods = false)
public class RegistryTime {

	/** German dates: "today" of the registry is today in Germany. */
	public static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

	@Bean
	Clock clock() {
		return Clock.system(ZONE);
	}

}
