package de.ozgregistry.discovery;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import de.ozgregistry.organization.Organization;
import de.ozgregistry.responsibility.Covers;
import de.ozgregistry.responsibility.Responsibility;

import org.springframework.stereotype.Component;

/**
 * The one definition of an organization's gaps: the OZG-Leistungen it is responsible for ({@link Responsibility})
 * that no live adoption covers for it ({@link Covers}), with the reason it is responsible, in the order of the
 * responsibility rules. {@link Gaps} ranks reuse options for them; notifications ask whether a new solution fills one.
 */
@Component
public class OpenGaps {

	private final Responsibility responsibility;

	private final Covers covers;

	OpenGaps(Responsibility responsibility, Covers covers) {
		this.responsibility = responsibility;
		this.covers = covers;
	}

	/** The organization's gaps by OZG-ID, each with the reason the organization is responsible. */
	public Mono<Map<Integer, Responsibility.Reason>> of(Organization organization) {
		return responsibility.of(organization).flatMap(reasons -> covers.of(organization, reasons.keySet())
			.map(covered -> {
				Map<Integer, Responsibility.Reason> open = new LinkedHashMap<>();
				reasons.forEach((ozgId, reason) -> {
					if (!covered.containsKey(ozgId)) {
						open.put(ozgId, reason);
					}
				});
				return open;
			}));
	}

}
