package de.ozgregistry.reuse;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Mono;

import de.ozgregistry.RegistryProperties;
import de.ozgregistry.adoption.AdoptionInterest;
import de.ozgregistry.changes.ChangeLog;
import de.ozgregistry.changes.WriteAuthority;
import de.ozgregistry.database.Binds;
import de.ozgregistry.graphql.ErrorCode;
import de.ozgregistry.graphql.Inputs;
import de.ozgregistry.graphql.RegistryException;
import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.Organizations;
import de.ozgregistry.security.Actor;
import de.ozgregistry.security.Permissions;
import de.ozgregistry.solution.Solution;
import de.ozgregistry.solution.Solutions;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The funnel of a reuse request: an organization asks a solution's provider (and is then an interested adopter),
 * the provider offers or declines, the organization agrees to the offer (and its adoption is then planned). Each step
 * is one transaction with its change-log entry. A request is a record of the node that owns both organizations: it is
 * not exchanged with other nodes, so a step involving an organization another node owns fails with
 * {@code NOT_AUTHORITATIVE}.
 */
@Service
class ReuseRequesting {

	/** Input of {@code requestReuse}. */
	record RequestReuseInput(String organizationId, String solutionId, String message, String operatingModel,
			String legalPath, String contactEmail) {
	}

	/** The provider's decision in {@code answerReuseRequest}. */
	enum Decision {

		OFFER, DECLINE

	}

	/** Input of {@code answerReuseRequest}. */
	record AnswerReuseRequestInput(String id, Decision decision, String conditions, String nextSteps,
			String marketplaceUrl, String contactEmail, String reason, Integer expectedVersion) {
	}

	/** Input of {@code agreeReuseRequest}. */
	record AgreeReuseRequestInput(String id, Integer expectedVersion) {
	}

	/** A request made, with whether its adoption was created by it. */
	record Requested(ReuseRequest request, boolean adoptionCreated) {
	}

	static final int MESSAGE = 5_000;

	static final int REASON = 1_000;

	private final DatabaseClient db;

	private final ReuseRequests requests;

	private final Organizations organizations;

	private final Solutions solutions;

	private final AdoptionInterest interest;

	private final ChangeLog changeLog;

	private final WriteAuthority authority;

	private final TransactionalOperator transaction;

	private final String nodeId;

	ReuseRequesting(DatabaseClient db, ReuseRequests requests, Organizations organizations, Solutions solutions,
			AdoptionInterest interest, ChangeLog changeLog, WriteAuthority authority,
			TransactionalOperator transaction, RegistryProperties properties) {
		this.db = db;
		this.requests = requests;
		this.organizations = organizations;
		this.solutions = solutions;
		this.interest = interest;
		this.changeLog = changeLog;
		this.authority = authority;
		this.transaction = transaction;
		this.nodeId = properties.nodeId();
	}

	Mono<Requested> request(RequestReuseInput input, Actor actor) {
		return Mono.defer(() -> {
			Permissions.requireAuthenticated(actor);
			UUID organizationId = Inputs.id(input.organizationId(), "input.organizationId");
			UUID solutionId = Inputs.id(input.solutionId(), "input.solutionId");
			String message = Inputs.text(input.message(), "input.message", MESSAGE, true);
			String contact = Inputs.email(input.contactEmail(), "input.contactEmail");
			UUID id = UUID.randomUUID();
			Mono<Organization> requester = organizations.byId(organizationId)
				.switchIfEmpty(Mono.error(RegistryException.notFound("input.organizationId",
						"No organization with this ID.")))
				.doOnNext(o -> Permissions.requireActsFor(actor, o, "Asking for reuse"));
			Mono<Solution> solution = solutions.byId(solutionId)
				.switchIfEmpty(Mono.error(RegistryException.notFound("input.solutionId", "No solution with this ID.")));
			return Mono.zip(requester, solution).flatMap(both -> {
				Organization asking = both.getT1();
				Solution s = both.getT2();
				if (s.providerId().equals(asking.id())) {
					return Mono.error(RegistryException.invalid("input.solutionId", "own-solution",
							"An organization does not ask itself: this is its own solution."));
				}
				if (input.legalPath() != null && !s.legalPaths().isEmpty()
						&& !s.legalPaths().contains(input.legalPath())) {
					return Mono.error(RegistryException.invalid("input.legalPath", "not-offered",
							"The solution offers only these legal paths: " + s.legalPaths() + "."));
				}
				String mailbox = (contact != null) ? contact : asking.contactEmail();
				if (mailbox == null) {
					return Mono.error(RegistryException.invalid("input.contactEmail", "required",
							"Name a role mailbox of " + asking.name() + " for the answer (the organization has none)."));
				}
				return owned(asking.id()).then(owned(s.providerId()))
					.then(openRequestExists(asking.id(), solutionId))
					.flatMap(open -> open ? Mono.error(duplicate())
							: interest.register(asking.id(), solutionId, input.operatingModel(), input.legalPath(),
									actor))
					.flatMap(adoption -> insert(id, s, asking, adoption.adoptionId(), message, input, mailbox)
						.then(changeLog.record(ChangeLog.EntityType.REUSE_REQUEST, id, ChangeLog.Operation.CREATE,
								actor))
						.then(Mono.defer(() -> requests.byId(id)))
						.map(request -> new Requested(request, adoption.created())));
			}).as(transaction::transactional).onErrorMap(DataIntegrityViolationException.class, ex -> duplicate());
		});
	}

	Mono<ReuseRequest> answer(AnswerReuseRequestInput input, Actor actor) {
		return Mono.defer(() -> {
			Permissions.requireAuthenticated(actor);
			UUID id = Inputs.id(input.id(), "input.id");
			if (input.decision() == null) {
				throw RegistryException.invalid("input.decision", "required", "input.decision is required.");
			}
			Answer answer = (input.decision() == Decision.OFFER) ? offer(input) : decline(input);
			return forUpdate(id).flatMap(request -> organizations.byId(request.providerId()).flatMap(provider -> {
				if (!Permissions.speaksFor(actor, provider)) {
					return Mono.error(Permissions.forbidden("Reuse requests of " + provider.name()
							+ "'s solutions are answered by its publishers, its Land's coordinator or an admin."));
				}
				requireVersion(request, input.expectedVersion());
				if (!request.state().answerable()) {
					return Mono.error(RegistryException.conflict("This request is " + request.state()
							+ ": it can no longer be answered."));
				}
				String mailbox = (answer.contact() != null) ? answer.contact() : provider.contactEmail();
				var update = db.sql("""
						update reuse_request set state = :state, conditions = :conditions, next_steps = :nextSteps,
						    marketplace_url = :url, provider_contact = :contact, decline_reason = :reason,
						    answered_at = now(), version = version + 1, updated_at = now()
						where id = :id""")
					.bind("id", id)
					.bind("state", answer.state().name());
				update = Binds.nullable(update, "conditions", answer.conditions(), String.class);
				update = Binds.nullable(update, "nextSteps", answer.nextSteps(), String.class);
				update = Binds.nullable(update, "url", answer.marketplaceUrl(), String.class);
				update = Binds.nullable(update, "contact", mailbox, String.class);
				update = Binds.nullable(update, "reason", answer.reason(), String.class);
				ChangeLog.Operation operation = (request.state() == answer.state()) ? ChangeLog.Operation.UPDATE
						: ChangeLog.Operation.STATUS_TRANSITION;
				return owned(request.providerId()).then(owned(request.requesterId()))
					.then(update.then())
					.then(changeLog.record(ChangeLog.EntityType.REUSE_REQUEST, id, operation, actor))
					.then(Mono.defer(() -> requests.byId(id)));
			})).as(transaction::transactional);
		});
	}

	Mono<ReuseRequest> agree(AgreeReuseRequestInput input, Actor actor) {
		return Mono.defer(() -> {
			Permissions.requireAuthenticated(actor);
			UUID id = Inputs.id(input.id(), "input.id");
			return forUpdate(id).flatMap(request -> organizations.byId(request.requesterId()).flatMap(requester -> {
				Permissions.requireActsFor(actor, requester, "Agreeing to an offer");
				requireVersion(request, input.expectedVersion());
				if (request.state() != ReuseRequestState.ANSWERED) {
					return Mono.error(RegistryException.conflict("This request is " + request.state()
							+ ": only an offer (ANSWERED) can be agreed to."));
				}
				return owned(request.requesterId()).then(owned(request.providerId()))
					.then(db.sql("""
							update reuse_request set state = 'AGREED', agreed_at = now(), version = version + 1,
							    updated_at = now()
							where id = :id""").bind("id", id).then())
					.then(changeLog.record(ChangeLog.EntityType.REUSE_REQUEST, id,
							ChangeLog.Operation.STATUS_TRANSITION, actor))
					.then(interest.planned(request.adoptionId(), actor))
					.then(Mono.defer(() -> requests.byId(id)));
			})).as(transaction::transactional);
		});
	}

	/** What an answer writes. */
	private record Answer(ReuseRequestState state, String conditions, String nextSteps, String marketplaceUrl,
			String contact, String reason) {
	}

	private static Answer offer(AnswerReuseRequestInput input) {
		if (input.reason() != null) {
			throw RegistryException.invalid("input.reason", "not-with-offer",
					"A reason goes with a decline; an offer has conditions and next steps.");
		}
		return new Answer(ReuseRequestState.ANSWERED,
				Inputs.text(input.conditions(), "input.conditions", MESSAGE, true),
				Inputs.text(input.nextSteps(), "input.nextSteps", MESSAGE, true),
				httpsUrl(input.marketplaceUrl(), "input.marketplaceUrl"),
				Inputs.email(input.contactEmail(), "input.contactEmail"), null);
	}

	private static Answer decline(AnswerReuseRequestInput input) {
		Map<String, String> offerOnly = new LinkedHashMap<>();
		offerOnly.put("input.conditions", input.conditions());
		offerOnly.put("input.nextSteps", input.nextSteps());
		offerOnly.put("input.marketplaceUrl", input.marketplaceUrl());
		for (Map.Entry<String, String> field : offerOnly.entrySet()) {
			if (field.getValue() != null) {
				throw RegistryException.invalid(field.getKey(), "not-with-decline",
						field.getKey() + " belongs to an offer; a decline has a reason only.");
			}
		}
		return new Answer(ReuseRequestState.DECLINED, null, null, null,
				Inputs.email(input.contactEmail(), "input.contactEmail"),
				Inputs.text(input.reason(), "input.reason", REASON, true));
	}

	/** An optional https URL (an offer on the EfA-Marktplatz is never plain http). */
	static String httpsUrl(String value, String field) {
		String url = Inputs.url(value, field);
		if (url != null && !"https".equalsIgnoreCase(URI.create(url).getScheme())) {
			throw RegistryException.invalid(field, "https", field + " must be an https URL.");
		}
		return url;
	}

	private static void requireVersion(ReuseRequest request, Integer expected) {
		if (expected != null && expected != request.version()) {
			throw RegistryException.conflict("The request was changed meanwhile (current version "
					+ request.version() + "): reload it and try again.");
		}
	}

	private Mono<ReuseRequest> forUpdate(UUID id) {
		return db.sql("select " + ReuseRequest.COLUMNS + " from reuse_request r where r.id = :id for update")
			.bind("id", id)
			.map(ReuseRequest::of)
			.one()
			.switchIfEmpty(Mono.error(RegistryException.notFound("input.id", "No reuse request with this ID.")));
	}

	/**
	 * The federation's one-writer rule for both parties (the existing guard, asked for the organization): reuse
	 * requests are not exchanged, so both organizations must be this node's.
	 */
	private Mono<Void> owned(UUID organizationId) {
		return authority.check(ChangeLog.EntityType.ORGANIZATION, organizationId)
			.onErrorMap(RegistryException.class, ex -> {
				if (ex.code() != ErrorCode.NOT_AUTHORITATIVE) {
					return ex;
				}
				Map<String, Object> extensions = new LinkedHashMap<>(ex.extensions());
				extensions.remove("code");
				return new RegistryException(ErrorCode.NOT_AUTHORITATIVE, "Reuse requests are kept on the registry "
						+ "node that owns both organizations and are not exchanged between nodes; "
						+ Character.toLowerCase(ex.getMessage().charAt(0)) + ex.getMessage().substring(1), extensions);
			});
	}

	private Mono<Boolean> openRequestExists(UUID requesterId, UUID solutionId) {
		return db.sql("select 1 from reuse_request where requester_id = :org and solution_id = :solution "
				+ "and state in ('REQUESTED', 'ANSWERED')")
			.bind("org", requesterId)
			.bind("solution", solutionId)
			.map(row -> 1)
			.first()
			.hasElement();
	}

	private static RegistryException duplicate() {
		return RegistryException.conflict("This organization already has an open reuse request for this solution: "
				+ "wait for the answer, or agree to the offer.");
	}

	private Mono<Void> insert(UUID id, Solution solution, Organization requester, UUID adoptionId, String message,
			RequestReuseInput input, String contact) {
		var spec = db.sql("""
				insert into reuse_request (id, solution_id, requester_id, provider_id, adoption_id, state, message,
				                           operating_model, legal_path, requester_contact, registry_node_id)
				values (:id, :solution, :requester, :provider, :adoption, 'REQUESTED', :message, :operatingModel,
				        :legalPath, :contact, :node)""")
			.bind("id", id)
			.bind("solution", solution.id())
			.bind("requester", requester.id())
			.bind("provider", solution.providerId())
			.bind("adoption", adoptionId)
			.bind("message", message)
			.bind("contact", contact)
			.bind("node", nodeId);
		spec = Binds.nullable(spec, "operatingModel", input.operatingModel(), String.class);
		spec = Binds.nullable(spec, "legalPath", input.legalPath(), String.class);
		return spec.then();
	}

	/** Visible to the two parties, the coordinators of their Länder and admins ({@code FORBIDDEN} otherwise). */
	Mono<ReuseRequest> requireVisible(ReuseRequest request, Actor actor) {
		Permissions.requireAuthenticated(actor);
		return organizations.byIds(List.of(request.requesterId(), request.providerId()))
			.any(party -> Permissions.mayReadPrivateOf(actor, party))
			.flatMap(visible -> visible ? Mono.just(request)
					: Mono.error(Permissions.forbidden("A reuse request is seen only by the requesting organization, "
							+ "the solution's provider, the coordinators of their Länder and admins.")));
	}

}
