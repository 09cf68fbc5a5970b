package de.ozgregistry.reuse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import reactor.core.publisher.Mono;

import de.ozgregistry.adoption.Adoption;
import de.ozgregistry.adoption.Adoptions;
import de.ozgregistry.changes.Histories;
import de.ozgregistry.changes.HistoryEntry;
import de.ozgregistry.graphql.Connection;
import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.graphql.Page;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.Organizations;
import de.ozgregistry.security.Actor;
import de.ozgregistry.security.Permissions;
import de.ozgregistry.solution.Solution;
import de.ozgregistry.solution.Solutions;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** Reuse requests in the schema: ask, answer, agree, and the inbox and outbox of an organization. */
@Controller
class ReuseController {

	/** Result of {@code requestReuse}. */
	record RequestReusePayload(ReuseRequest reuseRequest, boolean adoptionCreated) {
	}

	/** Result of {@code answerReuseRequest} and {@code agreeReuseRequest}. */
	record ReuseRequestPayload(ReuseRequest reuseRequest) {
	}

	/** Filter of {@code reuseRequests}. */
	record ReuseRequestFilter(String organizationId, ReuseRequests.Role role, List<ReuseRequestState> states,
			String solutionId) {
	}

	private final ReuseRequesting requesting;

	private final ReuseRequests requests;

	private final Organizations organizations;

	private final Solutions solutions;

	private final Adoptions adoptions;

	ReuseController(ReuseRequesting requesting, ReuseRequests requests, Organizations organizations,
			Solutions solutions, Adoptions adoptions) {
		this.requesting = requesting;
		this.requests = requests;
		this.organizations = organizations;
		this.solutions = solutions;
		this.adoptions = adoptions;
	}

	@MutationMapping
	Mono<RequestReusePayload> requestReuse(@Argument ReuseRequesting.RequestReuseInput input,
			GraphQLContext context) {
		return requesting.request(input, Actor.of(context))
			.map(requested -> new RequestReusePayload(requested.request(), requested.adoptionCreated()));
	}

	@MutationMapping
	Mono<ReuseRequestPayload> answerReuseRequest(@Argument ReuseRequesting.AnswerReuseRequestInput input,
			GraphQLContext context) {
		return requesting.answer(input, Actor.of(context)).map(ReuseRequestPayload::new);
	}

	@MutationMapping
	Mono<ReuseRequestPayload> agreeReuseRequest(@Argument ReuseRequesting.AgreeReuseRequestInput input,
			GraphQLContext context) {
		return requesting.agree(input, Actor.of(context)).map(ReuseRequestPayload::new);
	}

	@QueryMapping
	Mono<ReuseRequest> reuseRequest(@Argument String id, GraphQLContext context) {
		return Mono.defer(() -> {
			Actor actor = Actor.of(context);
			Permissions.requireAuthenticated(actor);
			return requests.byId(Inputs.id(id, "id")).flatMap(request -> requesting.requireVisible(request, actor));
		});
	}

	@QueryMapping
	Mono<Connection<ReuseRequest>> reuseRequests(@Argument ReuseRequestFilter filter, @Argument Integer first,
			@Argument String after, GraphQLContext context, DataFetchingEnvironment env) {
		return Mono.defer(() -> {
			Actor actor = Actor.of(context);
			Permissions.requireAuthenticated(actor);
			UUID organizationId = Inputs.id(filter.organizationId(), "filter.organizationId");
			UUID solutionId = Inputs.optionalId(filter.solutionId(), "filter.solutionId");
			List<ReuseRequestState> states = Inputs.list(filter.states(), "filter.states", 4);
			Page page = Page.of(first, after);
			return organizations.byId(organizationId).flatMap(organization -> {
				if (!Permissions.mayReadPrivateOf(actor, organization)) {
					return Mono.error(Permissions.forbidden("The reuse requests of " + organization.name()
							+ " are seen only by the organization itself, its Land's coordinator and admins."));
				}
				return requests.of(organizationId, filter.role(), states, solutionId, page,
						env.getSelectionSet().contains("totalCount"));
			}).defaultIfEmpty(Connection.empty());
		});
	}

	@SchemaMapping
	ReuseRequest.Offer offer(ReuseRequest request) {
		return request.offer();
	}

	@SchemaMapping(typeName = "ReuseRequest", field = "history")
	CompletableFuture<Connection<HistoryEntry>> history(ReuseRequest request, @Argument Integer first,
			@Argument String after, DataFetchingEnvironment env) {
		return Histories.page(request.id(), first, after, env);
	}

	@BatchMapping
	Mono<Map<ReuseRequest, Solution>> solution(List<ReuseRequest> list) {
		return solutions.byIds(list.stream().map(ReuseRequest::solutionId).distinct().toList())
			.collectMap(Solution::id)
			.map(byId -> mapEach(list, r -> byId.get(r.solutionId())));
	}

	@BatchMapping
	Mono<Map<ReuseRequest, Organization>> requester(List<ReuseRequest> list) {
		return parties(list, ReuseRequest::requesterId);
	}

	@BatchMapping
	Mono<Map<ReuseRequest, Organization>> provider(List<ReuseRequest> list) {
		return parties(list, ReuseRequest::providerId);
	}

	@BatchMapping
	Mono<Map<ReuseRequest, Adoption>> adoption(List<ReuseRequest> list) {
		return adoptions.byIds(list.stream().map(ReuseRequest::adoptionId).distinct().toList())
			.collectMap(Adoption::id)
			.map(byId -> mapEach(list, r -> byId.get(r.adoptionId())));
	}

	private Mono<Map<ReuseRequest, Organization>> parties(List<ReuseRequest> list,
			Function<ReuseRequest, UUID> party) {
		return organizations.byIds(list.stream().map(party).distinct().toList())
			.collectMap(Organization::id)
			.map(byId -> mapEach(list, r -> byId.get(party.apply(r))));
	}

	private static <K, V> Map<K, V> mapEach(List<K> keys, Function<K, V> value) {
		Map<K, V> result = new HashMap<>();
		for (K key : keys) {
			V v = value.apply(key);
			if (v != null) {
				result.put(key, v);
			}
		}
		return result;
	}

}
