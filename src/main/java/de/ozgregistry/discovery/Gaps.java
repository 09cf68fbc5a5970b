package de.ozgregistry.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import reactor.core.publisher.Mono;

import de.ozgregistry.organization.Organization;
import de.ozgregistry.organization.OrganizationKind;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The OZG-Leistungen an organization is responsible for and has no live adoption for, each with its best reuse
 * option.
 * <p>
 * Responsibility follows the LeiKa-Typ of the OZG-Leistung's LeiKa-Leistungen and the organization's level: a
 * Gemeinde, Gemeindeverband or Kreis for types 2, 3 and 5 (executed by Kommunen: 2 and 3 are federal law executed by
 * Länder or Kommunen, 5 is communal law), a Land for types 2, 3 and 4, the Bund for type 1; combined types such as
 * "1, 2/3" count for each level they name. Other organizations (providers, vendors, agencies) are responsible for
 * none. An OZG-Leistung is covered if the organization or a body above it (its Kreis, its Land, the Bund) has a live
 * adoption of a solution for it, since a centrally run service adopted above reaches the bodies below.
 */
@Component
class Gaps {

	/** A gap with its best option ({@code null} if there is none). */
	record Gap(int ozgId, ReuseOption bestOption, int optionCount) {
	}

	private static final String RESPONSIBLE = """
			with recursive above as (
			    select id, parent_id from organization where id = :id
			    union all
			    select o.id, o.parent_id from organization o join above on o.id = above.parent_id
			)
			select s.ozg_id from ozg_service s
			where exists (select 1 from leika_service l where l.ozg_id = s.ozg_id and l.leika_type ~ :types)
			  and not exists (select 1 from adoption a join adoption_ozg_service ao on ao.adoption_id = a.id
			                  where ao.ozg_id = s.ozg_id and a.status = 'LIVE'
			                    and a.organization_id in (select id from above))
			order by s.ozg_id""";

	private final DatabaseClient db;

	private final ReuseRanking ranking;

	Gaps(DatabaseClient db, ReuseRanking ranking) {
		this.db = db;
		this.ranking = ranking;
	}

	/** The LeiKa-Typ digits that make an organization of this kind responsible, as a regular expression. */
	static String responsibleTypes(OrganizationKind kind) {
		return switch (kind) {
			case MUNICIPALITY, MUNICIPAL_ASSOCIATION, DISTRICT -> "(^|[^0-9])[235]([^0-9]|$)";
			case STATE -> "(^|[^0-9])[234]([^0-9]|$)";
			case FEDERAL -> "(^|[^0-9])1([^0-9]|$)";
			default -> null;
		};
	}

	/** All gaps of the organization, best option first, then by OZG-ID. */
	Mono<List<Gap>> of(Organization organization) {
		String types = responsibleTypes(organization.kind());
		if (types == null) {
			return Mono.just(List.of());
		}
		return db.sql(RESPONSIBLE)
			.bind("id", organization.id())
			.bind("types", types)
			.map(row -> row.get("ozg_id", Integer.class))
			.all()
			.collectList()
			.flatMap(ozgIds -> ranking.rank(organization, ozgIds, solution -> true).map(options -> {
				List<Gap> gaps = new ArrayList<>();
				for (int ozgId : ozgIds) {
					List<ReuseOption> list = options.getOrDefault(ozgId, List.of());
					gaps.add(new Gap(ozgId, list.isEmpty() ? null : list.get(0), list.size()));
				}
				gaps.sort(Comparator
					.comparingDouble((Gap gap) -> (gap.bestOption() == null) ? Double.NEGATIVE_INFINITY
							: gap.bestOption().score())
					.reversed()
					.thenComparingInt(Gap::ozgId));
				return gaps;
			}));
	}


}
