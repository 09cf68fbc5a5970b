package de.ozgregistry.reuse;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Mono;

import de.ozgregistry.graphql.Connection;
import de.ozgregistry.graphql.Cursor;
import de.ozgregistry.graphql.Page;
import de.ozgregistry.graphql.RegistryException;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Reads reuse requests: one by ID, and an organization's inbox (as provider) and outbox (as requester). */
@Repository
class ReuseRequests {

	/** Which side of the requests an organization's list shows. */
	enum Role {

		REQUESTER, PROVIDER

	}

	private final DatabaseClient db;

	ReuseRequests(DatabaseClient db) {
		this.db = db;
	}

	Mono<ReuseRequest> byId(UUID id) {
		return db.sql("select " + ReuseRequest.COLUMNS + " from reuse_request r where r.id = :id")
			.bind("id", id)
			.map(ReuseRequest::of)
			.one();
	}

	/**
	 * The requests of the organization on the given side (both when {@code role} is {@code null}), in the given
	 * states (all for an empty list), of one solution (any for {@code null}); newest first.
	 */
	Mono<Connection<ReuseRequest>> of(UUID organizationId, Role role, List<ReuseRequestState> states,
			UUID solutionId, Page page, boolean withTotal) {
		String side = switch (role == null ? "BOTH" : role.name()) {
			case "PROVIDER" -> "r.provider_id = :org";
			case "REQUESTER" -> "r.requester_id = :org";
			default -> "(r.provider_id = :org or r.requester_id = :org)";
		};
		String where = side + " and (cardinality(:states::text[]) = 0 or r.state = any (:states::text[]))"
				+ " and (:solution::uuid is null or r.solution_id = :solution::uuid)";
		String after = (page.after() == null) ? "" : " and (r.created_at, r.id) < (:afterCreated, :afterId)";
		String[] stateNames = states.stream().map(Enum::name).toArray(String[]::new);
		var rows = db.sql("select " + ReuseRequest.COLUMNS + " from reuse_request r where " + where + after
				+ " order by r.created_at desc, r.id desc limit :limit")
			.bind("org", organizationId)
			.bind("states", stateNames)
			.bind("limit", page.limit());
		rows = (solutionId == null) ? rows.bindNull("solution", String.class) : rows.bind("solution", solutionId.toString());
		if (page.after() != null) {
			rows = rows.bind("afterCreated", timestamp(page.after().sortKey()))
				.bind("afterId", id(page.after().id()));
		}
		Mono<List<ReuseRequest>> list = rows.map(ReuseRequest::of).all().collectList();
		Mono<Integer> total = Mono.just(-1);
		if (withTotal) {
			var count = db.sql("select count(*)::int from reuse_request r where " + where)
				.bind("org", organizationId)
				.bind("states", stateNames);
			count = (solutionId == null) ? count.bindNull("solution", String.class)
					: count.bind("solution", solutionId.toString());
			total = count.map(row -> row.get(0, Integer.class)).one();
		}
		return Mono.zip(list, total)
			.map(both -> Connection.of(both.getT1(), page.first(),
					r -> new Cursor(r.createdAt().toString(), r.id().toString()),
					both.getT2() < 0 ? null : both.getT2()));
	}

	private static OffsetDateTime timestamp(String text) {
		try {
			return OffsetDateTime.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw RegistryException.invalid("after", "cursor", "Not a cursor of this list.");
		}
	}

	private static UUID id(String text) {
		try {
			return UUID.fromString(text);
		}
		catch (IllegalArgumentException ex) {
			throw RegistryException.invalid("after", "cursor", "Not a cursor of this list.");
		}
	}

}
