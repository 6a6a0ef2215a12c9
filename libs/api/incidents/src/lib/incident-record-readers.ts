import type { Tx } from '@hyperion/api/core';
import type { IncidentAttachment } from '@hyperion/contracts';

/**
 * What GET /api/v1/incidents/:id shows of the records part of the lib (attachments and the
 * post-mortem, records/), read in the same transaction. The core only knows these interfaces;
 * the records part provides them (INCIDENT_RECORDS_PROVIDERS in IncidentModule).
 */
export interface IncidentAttachmentsReader {
  /** The incident's attachments, oldest first. */
  list(tx: Tx, incidentId: string): Promise<IncidentAttachment[]>;
}

export interface IncidentPostmortemReader {
  /** Whether the incident has a saved post-mortem. */
  exists(tx: Tx, incidentId: string): Promise<boolean>;
}

export const INCIDENT_ATTACHMENTS_READER = Symbol('IncidentAttachmentsReader');
export const INCIDENT_POSTMORTEM_READER = Symbol('IncidentPostmortemReader');
