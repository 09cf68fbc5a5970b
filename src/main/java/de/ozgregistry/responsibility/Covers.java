package de.ozgregistry.responsibility;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Mono;

import de.ozgregistry.organization.Organization;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The live adoptions that cover an organization for OZG-Leistungen today, by the coverage definition of the
 * statistics (V7__adoption_reach.sql): the organization's area ({@code organization_area}: '' the Bund, the Land
 * code, the 5-digit Kreis key, the 9-digit Verband key, the 12-digit ARS) is covered by every adoption that is live
 * today ({@code adoption_reach_service.live_to is null}) and whose area is a prefix of it. So a Gemeinde is covered by
 * its own adoption and by those of its Gemeindeverband, Kreis and Land and of the Bund, exactly where {@code coverage}
 * counts it as covered; a Kreis by its own, its Land's and the Bund's.
 */
@Component
public class Covers {

	/** A live adoption that covers the organization for one OZG-Leistung. */
	public record Cover(int ozgId, UUID adoptionId, UUID organizationId, UUID solutionId, LocalDate liveSince) {
	}

	private static final String COVERING = """
			select r.ozg_id, r.adoption_id, a.organization_id, a.solution_id, r.live_from
			from adoption_reach_service r
			join adoption a on a.id = r.adoption_id
			where r.live_to is null and r.ozg_id = any(:ozgIds)
			  and starts_with((select organization_area(o.kind, o.ars, o.land_code) from organization o
			                   where o.id = :organization), r.area)
			order by r.ozg_id, length(r.area) desc, r.live_from, r.adoption_id""";

	private final DatabaseClient db;

	Covers(DatabaseClient db) {
		this.db = db;
	}

	/** Per OZG-ID (of those asked for), the live adoptions that cover the organization, the most local first. */
	public Mono<Map<Integer, List<Cover>>> of(Organization organization, Collection<Integer> ozgIds) {
		if (ozgIds.isEmpty()) {
			return Mono.just(Map.of());
		}
		return db.sql(COVERING)
			.bind("ozgIds", ozgIds.toArray(Integer[]::new))
			.bind("organization", organization.id())
			.map(row -> new Cover(row.get("ozg_id", Integer.class), row.get("adoption_id", UUID.class),
					row.get("organization_id", UUID.class), row.get("solution_id", UUID.class),
					row.get("live_from", LocalDate.class)))
			.all()
			.collect(LinkedHashMap<Integer, List<Cover>>::new,
					(map, cover) -> map.computeIfAbsent(cover.ozgId(), k -> new ArrayList<>()).add(cover))
			.map(map -> (Map<Integer, List<Cover>>) map);
	}

}
