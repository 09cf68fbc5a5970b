package de.ozgregistry.security;

import java.util.List;
import java.util.Map;

import graphql.GraphQLContext;
import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.Connection;
import de.ozgregistry.graphql.Page;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.Organizations;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** API tokens in the schema: issue, revoke, list. */
@Controller
class ApiTokenController {

	/** Input of {@code issueApiToken}. */
	record IssueApiTokenInput(String organizationId, String organizationArs, Role role, Integer validDays,
			String label) {
	}

	/** Input of {@code revokeApiToken}. */
	record RevokeApiTokenInput(String id) {
	}

	/** Result of {@code issueApiToken}. */
	record IssueApiTokenPayload(String token, ApiToken apiToken) {
	}

	/** Result of {@code revokeApiToken}. */
	record RevokeApiTokenPayload(ApiToken apiToken) {
	}

	private final ApiTokens tokens;

	private final Organizations organizations;

	ApiTokenController(ApiTokens tokens, Organizations organizations) {
		this.tokens = tokens;
		this.organizations = organizations;
	}

	@QueryMapping
	Mono<Connection<ApiToken>> apiTokens(@Argument String organizationId, @Argument Integer first,
			@Argument String after, GraphQLContext context) {
		return Mono.defer(() -> tokens.list(organizationId, Page.of(first, after), Actor.of(context)));
	}

	@MutationMapping
	Mono<IssueApiTokenPayload> issueApiToken(@Argument IssueApiTokenInput input, GraphQLContext context) {
		return tokens.issue(input.organizationId(), input.organizationArs(), input.role(), input.validDays(), input.label(), Actor.of(context))
			.map(issued -> new IssueApiTokenPayload(issued.token(), issued.apiToken()));
	}

	@MutationMapping
	Mono<RevokeApiTokenPayload> revokeApiToken(@Argument RevokeApiTokenInput input, GraphQLContext context) {
		return tokens.revoke(input.id(), Actor.of(context)).map(RevokeApiTokenPayload::new);
	}

	@BatchMapping
	Mono<Map<ApiToken, Organization>> organization(List<ApiToken> list) {
		return organizations.byIds(list.stream().map(ApiToken::organizationId).distinct().toList())
			.collectMap(Organization::id)
			.map(byId -> {
				Map<ApiToken, Organization> result = new java.util.HashMap<>();
				list.forEach(token -> result.put(token, byId.get(token.organizationId())));
				return result;
			});
	}

}
