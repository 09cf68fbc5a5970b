package de.ozgregistry.changes;

import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * Decides whether this node may write a record (in a federation each record has one writer). {@link ChangeLog}
 * asks it for every local change before the change is recorded, so that a refused change rolls back with the
 * transaction it was made in; replicated changes do not ask.
 */
public interface WriteAuthority {

	/** Completes empty if this node owns the record as it now is, fails with the reason otherwise. */
	Mono<Void> check(ChangeLog.EntityType type, UUID id);

}
