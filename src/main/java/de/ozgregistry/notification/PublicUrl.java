package de.ozgregistry.notification;

import de.ozgregistry.federation.FederationProperties;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The address of the web front end the messages link to: {@code ozg.notifications.public-url}, else the node's
 * federation base URL, else this server on localhost (read when a message is sent, so a random test port is known).
 */
@Component
class PublicUrl {

	private final String configured;

	private final Environment environment;

	PublicUrl(NotificationProperties properties, FederationProperties federation, Environment environment) {
		String url = properties.publicUrl().isBlank() ? federation.baseUrl() : properties.publicUrl();
		this.configured = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
		this.environment = environment;
	}

	String get() {
		if (!configured.isBlank()) {
			return configured;
		}
		return "http://localhost:" + environment.getProperty("local.server.port",
				environment.getProperty("server.port", "8080"));
	}

	String unsubscribe(String token) {
		return get() + UnsubscribeRoutes.PATH + "?token=" + token;
	}

}
