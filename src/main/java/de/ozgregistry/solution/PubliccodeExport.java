package de.ozgregistry.solution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import de.ozgregistry.organization.Organization;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A solution as {@code publiccode.yml} (the standard's version 0.4, which OpenCoDE, Developers Italia and the EU OSS
 * catalogue read) at {@code /export/solutions/{id}/publiccode.yml}. It holds what the registry knows: name, URLs,
 * release, lifecycle (as {@code developmentStatus}), summary and description (German), the OZG-Leistungen as
 * features, licence, the provider as copyright owner and maintainer (with its role mailbox), German as the language.
 * Every OZG online service is {@code platforms: [web]}, {@code softwareType: standalone/web} and in the category
 * {@code digital-citizenship}. It reads the solution as {@link PublicSolutions} gives it, so restricted fields (terms
 * and costs, contact person) are never in it. Where the
 * registry lacks what the standard requires (a repository or landing URL, a licence), the key is left out and a
 * comment at the top says so.
 */
@Configuration(proxyBeanMethods = false)
class PubliccodeExport {

	static final MediaType YAML = MediaType.parseMediaType("application/yaml;charset=UTF-8");

	@Bean
	RouterFunction<ServerResponse> publiccodeRoute(PublicSolutions solutions) {
		return RouterFunctions.route()
			.GET("/export/solutions/{id}/publiccode.yml", request -> {
				UUID id;
				try {
					id = UUID.fromString(request.pathVariable("id"));
				}
				catch (IllegalArgumentException ex) {
					return ServerResponse.badRequest()
						.contentType(MediaType.TEXT_PLAIN)
						.bodyValue("Not a solution ID: " + request.pathVariable("id") + "\n");
				}
				return solutions.byId(id)
					.map(solution -> yaml(solution, request.uri().toString()))
					.flatMap(text -> ServerResponse.ok().contentType(YAML).bodyValue(text))
					.switchIfEmpty(ServerResponse.notFound().build());
			})
			.build();
	}

	static String yaml(PublicSolutions.PublicSolution publicSolution, String location) {
		Solution solution = publicSolution.solution();
		Organization provider = publicSolution.provider();
		List<String> features = publicSolution.ozgServices().stream()
			.map(service -> Publiccode.feature(service.ozgId(), service.name()))
			.toList();
		List<String> missing = new ArrayList<>();
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("publiccodeYmlVersion", "0.4");
		document.put("name", solution.name());
		String url = publicSolution.url();
		if (url != null) {
			document.put("url", url);
		}
		else {
			missing.add("url (the registry knows no repository or landing URL of this solution)");
		}
		if (solution.landingUrl() != null) {
			document.put("landingURL", solution.landingUrl());
		}
		if (solution.releaseVersion() != null) {
			document.put("softwareVersion", solution.releaseVersion());
		}
		document.put("platforms", List.of("web"));
		document.put("categories", List.of("digital-citizenship"));
		document.put("developmentStatus", publicSolution.developmentStatus());
		document.put("softwareType", "standalone/web");
		Map<String, Object> german = new LinkedHashMap<>();
		german.put("shortDescription", Publiccode.shortDescription(solution.summary()));
		german.put("longDescription", Publiccode.longDescription(solution.summary(), solution.description()));
		german.put("features", features.isEmpty() ? List.of(solution.name()) : List.copyOf(features));
		document.put("description", Map.of("de", german));
		Map<String, Object> legal = new LinkedHashMap<>();
		if (solution.licence() != null) {
			legal.put("license", solution.licence());
		}
		else {
			missing.add("legal.license (the solution names no licence)");
		}
		legal.put("mainCopyrightOwner", provider.name());
		legal.put("repoOwner", provider.name());
		document.put("legal", legal);
		Map<String, Object> maintenance = new LinkedHashMap<>();
		if ("RETIRED".equals(solution.lifecycle())) {
			maintenance.put("type", "none");
		}
		else {
			maintenance.put("type", "internal");
			Map<String, Object> contact = new LinkedHashMap<>();
			contact.put("name", provider.name());
			if (publicSolution.mailbox() != null) {
				contact.put("email", publicSolution.mailbox());
			}
			maintenance.put("contacts", List.of(contact));
		}
		document.put("maintenance", maintenance);
		Map<String, Object> localisation = new LinkedHashMap<>();
		localisation.put("localisationReady", false);
		localisation.put("availableLanguages", List.of("de"));
		document.put("localisation", localisation);
		document.put("intendedAudience", Map.of("countries", List.of("de")));
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		options.setIndent(2);
		options.setIndicatorIndent(0);
		options.setWidth(120);
		options.setAllowUnicode(true);
		StringBuilder text = new StringBuilder();
		text.append("# publiccode.yml of the solution \"").append(solution.name().replace("\n", " "))
			.append("\", as the OZG registry knows it (version ").append(solution.version()).append(", ")
			.append(solution.updatedAt().toLocalDate()).append(")\n# ").append(location).append('\n');
		for (String gap : missing) {
			text.append("# missing: ").append(gap).append('\n');
		}
		return text.append(new Yaml(options).dump(document)).toString();
	}

}
