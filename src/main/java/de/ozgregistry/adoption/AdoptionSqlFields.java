package de.ozgregistry.adoption;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import de.ozgregistry.compiled.SqlFields;
import de.ozgregistry.database.Sql;
import de.ozgregistry.compiled.SqlSchema;
import de.ozgregistry.organization.Ars;

import org.springframework.stereotype.Component;

/**
 * Adoptions on the compiled read path: the fields as they are in the row, the organization and the solution, and the
 * adoptions of a solution and of an organization, in the order and with the filters of {@link Adoptions}.
 * <p>
 * What reads adoptions declares its topic ({@link AdoptionTopics}).
 */
@Component
class AdoptionSqlFields implements SqlFields {

	@Override
	public void define(SqlSchema schema) {
		schema.type("Adoption", "adoption")
			.value("id", "{row}.id")
			.value("status", "{row}.status")
			.value("operatingModel", "{row}.operating_model")
			.value("legalPath", "{row}.legal_path")
			.value("solutionVersion", "{row}.solution_version")
			.value("registryNodeId", "{row}.registry_node_id")
			.value("version", "{row}.version")
			.dateTime("createdAt", "{row}.created_at")
			.dateTime("updatedAt", "{row}.updated_at")
			.one("organization", "Organization", "{target}.id = {row}.organization_id")
			.one("solution", "Solution", "{target}.id = {row}.solution_id")
			// the cursors of Adoptions, written from the same two values
			.keyset(new SqlSchema.Keyset("{row}.id::text", SqlSchema.epochMicros("{row}.created_at"),
					(id, micros) -> Adoptions.cursorOf(SqlSchema.instant(micros), id),
					(after, binds) -> Adoptions.after(after, binds, SqlSchema.TARGET)));
		schema.rootConnection("adoptions", "Adoption", Adoptions.order(SqlSchema.ROW),
				(arguments, binds) -> Adoptions.filterOf(Sql.within(binds), SqlSchema.TARGET,
						AdoptionFilter.of(arguments.get("filter"))).conditions(), "filter");
		// a page after a cursor shows the adoptions created from the cursor back to its last one, and changes only with
		// them: those of the days from the day of the first one past it (which says there is a next page) to the
		// cursor's day; the first page, the last one and a count change with any adoption
		String all = "'" + AdoptionTopics.ALL + "'";
		schema.rootTopics("adoptions", (after, first, counted, binds) -> (after == null || counted) ? all
				: "case when count(*) > " + first + " then (select string_agg('" + AdoptionTopics.OF_DAY
						+ "' || to_char(d, 'YYYY-MM-DD'), E'\\n') from generate_series(date_trunc('day', min({row}.created_at) "
						+ "at time zone 'UTC'), date_trunc('day', " + binds.placeholder(Adoptions.timestamp(after))
						+ " at time zone 'UTC'), interval '1 day') d) else " + all + " end");
		// the Nutzer of a solution, as Adopters counts them for liveAdoptionCount
		String ofSolution = "'" + AdoptionTopics.OF_SOLUTION + "' || {row}.id::text";
		schema.extend("Solution").computed("liveAdoptionCount",
				"(select " + Adopters.adopters("LIVE") + " from adoption a where a.solution_id = {row}.id)")
			.topic("liveAdoptionCount", ofSolution);
		String order = Adoptions.order(SqlSchema.ROW);
		schema.extend("Solution").connection("adoptions", "Adoption", "{target}.solution_id = {row}.id", order,
				AdoptionSqlFields::filter, "status", "land")
			.topic("adoptions", ofSolution);
		schema.extend("Organization").connection("adoptions", "Adoption", "{target}.organization_id = {row}.id",
				order, AdoptionSqlFields::filter, "status")
			.topic("adoptions", "'" + AdoptionTopics.OF_ORGANIZATION + "' || {row}.id::text");
	}

	/** The arguments {@code status} and (of a solution's adoptions) {@code land}, validated as the data fetchers do. */
	private static String filter(Map<String, Object> arguments, Sql binds) {
		List<String> conditions = new ArrayList<>();
		if (arguments.get("status") != null) {
			String status = AdoptionStatus.valueOf(arguments.get("status").toString()).name();
			conditions.add("{target}.status = " + binds.placeholder(status));
		}
		String land = Ars.landFilter((String) arguments.get("land"), "land");
		if (land != null) {
			conditions.add(Adoptions.inLand(SqlSchema.TARGET, binds.placeholder(land)));
		}
		return String.join(" and ", conditions);
	}

}
