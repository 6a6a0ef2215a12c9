/** Action types written to the audit log. Later modules add theirs here. */
export const AUDIT_ACTIONS = [
  'login',
  'logout',
  'failed_login',
  'account_locked',
  'token_refreshed',
  'token_reuse_detected',
  '2fa_setup',
  '2fa_disable',
  'recovery_code_used',
  'role_created',
  'role_deleted',
  'role_updated',
  'user_created',
  'user_updated',
  'user_disabled',
  'user_unlocked',
  '2fa_reset',
  'password_reset',
  'recovery_codes_regenerated',
  'session_revoked',
  'auth_failed',
  'password_changed',
  'api_key_created',
  'api_key_revoked',
  'permission_denied',
  'membership_added',
  'membership_removed',
  'membership_updated',
  'organization_switched',
  'organization_created',
  'organization_updated',
  'process_stop',
  'service_control',
  'notification_channel_created',
  'notification_channel_updated',
  'notification_channel_deleted',
  /** A test message sent through a channel (details: the delivery id and its state). */
  'notification_channel_tested',
  /** A message sent through a channel to recipients (details: how many, the idempotency key). */
  'notification_sent',
  'contact_created',
  'contact_updated',
  'contact_deleted',
  'notification_rules_updated',
  'team_created',
  'team_updated',
  'team_deleted',
  'schedule_created',
  'schedule_updated',
  'schedule_deleted',
  'schedule_override_created',
  'schedule_override_deleted',
  /** The iCal feed token of a schedule or contact was rotated. */
  'ical_token_rotated',
  'page_created',
  'page_acknowledged',
  'service_created',
  'service_updated',
  'service_deleted',
  'integration_created',
  'integration_deleted',
  /** An alert acknowledged, resolved or snoozed by a person (details: how, from where). */
  'alert_acknowledged',
  'alert_resolved',
  'alert_snoozed',
  'silence_created',
  'silence_expired',
  'escalation_policy_created',
  'escalation_policy_updated',
  'escalation_policy_deleted',
  'routing_rule_created',
  'routing_rule_updated',
  'routing_rule_deleted',
  'incident_created',
  'incident_updated',
  'incident_acknowledged',
  'incident_started',
  'incident_resolved',
  'incident_closed',
  'incident_reopened',
  'incident_commented',
  'incident_note_added',
  'incident_entry_pinned',
  'incident_checklist_ticked',
  'incident_phase_reached',
  'incident_attachment_added',
  'incident_attachment_deleted',
  'incident_postmortem_saved',
  'incident_action_item_created',
  'incident_action_item_updated',
  'incident_action_item_deleted',
  'incident_settings_updated',
  'monitor_created',
  'monitor_updated',
  'monitor_deleted',
  'host_created',
  'host_updated',
  'host_deleted',
  'status_page_created',
  'status_page_updated',
  'status_page_deleted',
  'status_page_incident_updated',
  'status_page_incident_removed',
  'status_page_maintenance_created',
  'status_page_maintenance_updated',
  'status_page_maintenance_deleted',
  'status_page_subscriber_deleted',
  'ssh_host_created',
  'ssh_host_updated',
  'ssh_host_deleted',
  'ssh_host_key_recorded',
  'ssh_host_key_refused',
  'ssh_host_key_approved',
  'ssh_host_key_pinned',
  'ssh_connection_tested',
  'ssh_exec',
  /** A browser terminal opened on a host (details: sessionId, hostName), or refused. */
  'ssh_terminal_opened',
  /** A browser terminal ended (details: sessionId, reason, exitCode). */
  'ssh_terminal_ended',
  /** A command line typed in a browser terminal (details: host, hostName, sessionId, command). */
  'ssh_terminal_command',
  'file_root_created',
  'file_root_updated',
  'file_root_deleted',
  /** File manager (details: the path relative to the root, and the size where there is one). */
  'file_uploaded',
  'file_downloaded',
  'file_directory_created',
  'file_renamed',
  'file_copied',
  'file_deleted',
  'file_mode_changed',
  /** A directory downloaded as a zip (details: path, entries, bytes, skipped, complete). */
  'file_archive_downloaded',
  /** A zip of the root unpacked (details: path, to, files, directories, bytes). */
  'file_extracted',
  /** A path refused by the root guard: a symlink, an escape from the root (details: why). */
  'file_access_refused',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditResult = 'success' | 'failure';
export type ActorType = 'user' | 'api_key' | 'system' | 'anonymous';

export interface AuditEntry {
  id: string;
  /** The organisation the entry concerns; null for instance-level entries (sign-in failures ...). */
  organizationId: string | null;
  /** ISO 8601, UTC. */
  occurredAt: string;
  actorType: ActorType;
  actorId: string | null;
  actorName: string | null;
  action: AuditAction;
  target: string | null;
  ip: string | null;
  userAgent: string | null;
  result: AuditResult;
  details: Record<string, unknown>;
  correlationId: string | null;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Pass as `cursor` to get the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export const AUDIT_ROUTES = {
  /** The active organisation's entries (`audit:read`). */
  search: '/api/v1/audit',
  csv: '/api/v1/audit/export.csv',
  /** Walks the hash chain (`audit:read`): AuditVerification. */
  verify: '/api/v1/audit/verify',
  /** Instance-level entries, of no organisation (`platform:admin`). */
  platform: '/api/v1/platform/audit',
} as const;

/** `GET /api/v1/audit/verify`: the tamper-evidence check of the active organisation's chain. */
export interface AuditVerification {
  ok: boolean;
  /** Rows whose hash was recomputed. */
  checked: number;
  /** The first row whose stored hash or link does not match; null when the chain holds. */
  firstBroken: { id: string; occurredAt: string; reason: string } | null;
  /** ISO 8601. */
  verifiedAt: string;
}
