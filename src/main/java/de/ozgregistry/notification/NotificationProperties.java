package de.ozgregistry.notification;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the notifications by e-mail and webhook (the SMTP server itself is Spring's {@code spring.mail.*}).
 *
 * @param publicUrl the web front end's address the messages link to; empty: the federation base URL, else
 * {@code http://localhost:<port>}
 * @param mailFrom the sender of the e-mails
 * @param debounce a subscription's events are sent once none has come for this long (a bulk import: one digest)
 * @param maxDelay but at the latest this long after its first event waiting
 * @param pollInterval how often the change log is searched for events and due deliveries are sent
 * @param retryBase the wait after a failed delivery, doubled with each further failure (at most an hour)
 * @param maxAttempts attempts of one delivery before it is given up ({@code FAILED})
 * @param timeout how long a webhook call or an SMTP conversation may take
 * @param privateHosts webhook hosts (names or addresses as written in the URL) that may resolve to loopback or
 * private addresses and may use plain http; {@code *} allows every host
 * @param digestSize the events a message lists at most (a digest names how many more there were)
 */
@ConfigurationProperties("ozg.notifications")
public record NotificationProperties(@DefaultValue("") String publicUrl,
		@DefaultValue("ozg-registry@localhost") String mailFrom, @DefaultValue("30s") Duration debounce,
		@DefaultValue("10m") Duration maxDelay, @DefaultValue("5s") Duration pollInterval,
		@DefaultValue("30s") Duration retryBase, @DefaultValue("8") int maxAttempts,
		@DefaultValue("10s") Duration timeout, @DefaultValue("") List<String> privateHosts,
		@DefaultValue("50") int digestSize) {

	/** Whether the webhook host may be private (and plain http). */
	boolean mayBePrivate(String host) {
		return privateHosts.contains("*") || (host != null && privateHosts.stream().anyMatch(host::equalsIgnoreCase));
	}

}
