package de.ozgregistry.solution;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;

import de.ozgregistry.changes.Histories;
import de.ozgregistry.changes.HistoryEntry;
import de.ozgregistry.graphql.Connection;
import de.ozgregistry.security.Actor;
import de.ozgregistry.security.Permissions;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** {@code Solution.history}, from the change log, with restricted fields hidden as on the solution itself. */
@Controller
class SolutionHistoryController {

	/** Fields of a solution that only some may read; hidden in its history as on the solution itself. */
	private static final Set<String> RESTRICTED = Set.of("termsAndCosts", "contactPerson");

	@SchemaMapping(typeName = "Solution", field = "history")
	CompletableFuture<Connection<HistoryEntry>> history(Solution solution, @Argument Integer first,
			@Argument String after, DataFetchingEnvironment env, GraphQLContext context) {
		CompletableFuture<Connection<HistoryEntry>> page = Histories.page(solution.id(), first, after, env);
		if (Permissions.mayReadRestricted(Actor.of(context), solution.providerId(), solution.vendorId())) {
			return page;
		}
		return Histories.redacted(page, RESTRICTED);
	}

}
