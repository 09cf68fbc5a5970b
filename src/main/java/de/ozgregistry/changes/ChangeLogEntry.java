package de.ozgregistry.changes;

import java.util.UUID;

/**
 * One appended change-log entry, as the projections see it: which record changed and how. The projections read the
 * record's current state from the base tables, in the same transaction.
 *
 * @param seq the entry's position in the change log
 * @param type the kind of record
 * @param entityId the record's ID
 * @param operation what happened to it
 */
public record ChangeLogEntry(long seq, ChangeLog.EntityType type, UUID entityId, ChangeLog.Operation operation) {
}
