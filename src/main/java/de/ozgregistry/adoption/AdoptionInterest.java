package de.ozgregistry.adoption;

import java.util.UUID;

import reactor.core.publisher.Mono;

import de.ozgregistry.security.Actor;

import org.springframework.stereotype.Component;

/**
 * What the reuse marketplace needs of adoptions: an organization's interest in a solution (its active adoption, or a
 * new one in {@code INTERESTED}) and the step to {@code PLANNED} once both sides agreed. Both go through
 * {@link AdoptionRecording}, so they are checked, logged and projected like any other adoption change.
 */
@Component
public class AdoptionInterest {

	/** The organization's active adoption of the solution, and whether the call created it. */
	public record Interest(UUID adoptionId, AdoptionStatus status, boolean created) {
	}

	private final AdoptionRecording recording;

	AdoptionInterest(AdoptionRecording recording) {
		this.recording = recording;
	}

	/**
	 * The organization's adoption of the solution that is not discontinued, or a new one in {@code INTERESTED} (for
	 * all of the solution's OZG-Leistungen, with this operating model and legal path) if there is none.
	 */
	public Mono<Interest> register(UUID organizationId, UUID solutionId, String operatingModel, String legalPath,
			Actor actor) {
		return recording.activeAdoption(organizationId, solutionId)
			.map(active -> new Interest(active.id(), active.status(), false))
			.switchIfEmpty(Mono.defer(() -> recording
				.record(new RecordAdoptionInput(organizationId.toString(), solutionId.toString(), null,
						AdoptionStatus.INTERESTED, null, operatingModel, legalPath, null, null), actor)
				.map(adoption -> new Interest(adoption.id(), adoption.status(), true))));
	}

	/** Moves the adoption from {@code INTERESTED} to {@code PLANNED}; an adoption further on stays as it is. */
	public Mono<Void> planned(UUID adoptionId, Actor actor) {
		return recording.statusOf(adoptionId)
			.filter(status -> status == AdoptionStatus.INTERESTED)
			.flatMap(status -> recording.updateStatus(
					new UpdateAdoptionStatusInput(adoptionId.toString(), AdoptionStatus.PLANNED, null, null), actor))
			.then();
	}

}
