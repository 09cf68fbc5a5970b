package de.ozgregistry.responsibility;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import graphql.GraphQLContext;
import reactor.core.publisher.Mono;

import de.ozgregistry.catalog.Catalog;
import de.ozgregistry.catalog.OzgService;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.Organizations;
import de.ozgregistry.security.Actor;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Zuständigkeit in the schema: {@code responsibilityRules}, {@code setResponsibility} and the rule type. */
@Controller
class ResponsibilityController {

	/** Result of {@code setResponsibility}. */
	record SetResponsibilityPayload(ResponsibilityRule rule) {
	}

	private final Responsibility responsibility;

	private final Catalog catalog;

	private final Organizations organizations;

	ResponsibilityController(Responsibility responsibility, Catalog catalog, Organizations organizations) {
		this.responsibility = responsibility;
		this.catalog = catalog;
		this.organizations = organizations;
	}

	@QueryMapping
	Mono<List<ResponsibilityRule>> responsibilityRules(@Argument int ozgId, @Argument String land,
			@Argument Integer first) {
		return Mono.defer(() -> responsibility.rules(ozgId, land)
			.take(de.ozgregistry.graphql.Page.of(first, null).first())
			.collectList());
	}

	@MutationMapping
	Mono<SetResponsibilityPayload> setResponsibility(@Argument Responsibility.SetResponsibilityInput input,
			GraphQLContext context) {
		return responsibility.set(input, Actor.of(context)).map(SetResponsibilityPayload::new);
	}

	@BatchMapping(typeName = "ResponsibilityRule")
	Mono<Map<ResponsibilityRule, OzgService>> ozgService(List<ResponsibilityRule> rules) {
		return catalog.ozgServices(rules.stream().map(ResponsibilityRule::ozgId).distinct().toList())
			.collectMap(OzgService::ozgId)
			.map(byId -> {
				Map<ResponsibilityRule, OzgService> result = new HashMap<>();
				rules.forEach(rule -> result.put(rule, byId.get(rule.ozgId())));
				return result;
			});
	}

	@BatchMapping(typeName = "ResponsibilityRule")
	Mono<Map<ResponsibilityRule, Organization>> organization(List<ResponsibilityRule> rules) {
		List<UUID> ids = rules.stream()
			.map(ResponsibilityRule::organizationId)
			.filter(Objects::nonNull)
			.distinct()
			.toList();
		if (ids.isEmpty()) {
			return Mono.just(Map.of());
		}
		return organizations.byIds(ids).collectMap(Organization::id).map(byId -> {
			Map<ResponsibilityRule, Organization> result = new HashMap<>();
			rules.stream()
				.filter(rule -> rule.organizationId() != null && byId.containsKey(rule.organizationId()))
				.forEach(rule -> result.put(rule, byId.get(rule.organizationId())));
			return result;
		});
	}

}
