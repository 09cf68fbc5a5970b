package de.ozgregistry.organization;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import graphql.schema.DataFetchingEnvironment;
import reactor.core.publisher.Mono;

import de.ozgregistry.changes.Histories;
import de.ozgregistry.changes.HistoryEntry;
import de.ozgregistry.graphql.Connection;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** {@code Organization.history}, and the organization a change was made for ({@code HistoryEntry.actorOrganization}). */
@Controller
class OrganizationHistoryController {

	private final Organizations organizations;

	OrganizationHistoryController(Organizations organizations) {
		this.organizations = organizations;
	}

	@SchemaMapping(typeName = "Organization", field = "history")
	CompletableFuture<Connection<HistoryEntry>> history(Organization organization, @Argument Integer first,
			@Argument String after, DataFetchingEnvironment env) {
		return Histories.page(organization.id(), first, after, env);
	}

	@BatchMapping(typeName = "HistoryEntry")
	Mono<Map<HistoryEntry, Organization>> actorOrganization(List<HistoryEntry> entries) {
		var ids = entries.stream().map(HistoryEntry::actorOrganizationId).filter(Objects::nonNull).distinct().toList();
		if (ids.isEmpty()) {
			return Mono.just(Map.of());
		}
		return organizations.byIds(ids).collectMap(Organization::id).map(byId -> {
			Map<HistoryEntry, Organization> result = new HashMap<>();
			for (HistoryEntry entry : entries) {
				if (entry.actorOrganizationId() != null && byId.containsKey(entry.actorOrganizationId())) {
					result.put(entry, byId.get(entry.actorOrganizationId()));
				}
			}
			return result;
		});
	}

}
