package de.ozgregistry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of ozg-registry, the registry and reuse marketplace for Germany's online public services. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OzgRegistryApplication {

	public static void main(String[] args) {
		SpringApplication.run(OzgRegistryApplication.class, args);
	}

}
