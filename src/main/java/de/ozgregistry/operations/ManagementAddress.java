package de.ozgregistry.operations;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * A management port of its own listens on loopback unless {@code OZG_MANAGEMENT_ADDRESS} says otherwise: its
 * endpoints need no token there. (Boot refuses a management address while the endpoints share the main port, so
 * the default cannot simply be written into {@code application.yaml}.)
 */
class ManagementAddress implements EnvironmentPostProcessor {

	static final String DEFAULT = "127.0.0.1";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String port = environment.getProperty("management.server.port");
		if (port == null || port.isBlank() || port.equals(environment.getProperty("server.port"))
				|| environment.containsProperty("management.server.address")) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource("ozgManagementAddress", Map.of("management.server.address",
					environment.getProperty("OZG_MANAGEMENT_ADDRESS", DEFAULT))));
	}

}
