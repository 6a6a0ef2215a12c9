import type {
  ApiKeySummary,
  AuditEntry,
  MyOrganization,
  RoleSummary,
  UserSummary,
} from '@hyperion/contracts';

/**
 * Names for the ids the audit log holds, keyed as its targets are written: `user:<id>`,
 * `role:<id>`, `api_key:<id>`, `organization:<id>`.
 */
export type NameBook = ReadonlyMap<string, string>;

/** The id of the system actor (jobs, seeding): the audit API's `actor=system`. */
export const SYSTEM_ACTOR_ID = 'system';

const KIND_LABELS: Readonly<Record<string, string>> = {
  user: 'user',
  role: 'role',
  api_key: 'API key',
  organization: 'organisation',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "3f2a9c1e…" for a UUID; other ids (already short or a name) as they are. */
export function shortId(id: string): string {
  return UUID.test(id) ? `${id.slice(0, 8)}…` : id;
}

export interface NameSources {
  readonly members?: readonly UserSummary[];
  readonly roles?: readonly RoleSummary[];
  readonly apiKeys?: readonly ApiKeySummary[];
  readonly organizations?: readonly MyOrganization[];
  /** The entries shown: each names its actor at the time of the action. */
  readonly entries?: readonly AuditEntry[];
}

/**
 * Every name the page can see. The lists need `users:admin` (the page passes what it could load);
 * the entries' own actor names fill in the rest. A current name wins over one recorded earlier.
 */
export function nameBook(sources: NameSources): NameBook {
  const names = new Map<string, string>();
  for (const entry of sources.entries ?? []) {
    if (entry.actorId && entry.actorName && entry.actorType !== 'anonymous') {
      names.set(`${entry.actorType}:${entry.actorId}`, entry.actorName);
    }
  }
  for (const organization of sources.organizations ?? []) {
    names.set(`organization:${organization.id}`, organization.name);
  }
  for (const role of sources.roles ?? []) {
    names.set(`role:${role.id}`, role.name);
  }
  for (const key of sources.apiKeys ?? []) {
    names.set(`api_key:${key.id}`, key.name);
  }
  for (const member of sources.members ?? []) {
    names.set(`user:${member.id}`, member.username);
  }
  return names;
}

/**
 * A target as people read it: "user alice", "role auditor", "API key ci-sender"; an id nobody
 * could name shortened ("user 3f2a9c1e…"); anything else (e.g. "GET /api/v1/users") as it is.
 */
export function describeTarget(target: string | null, names: NameBook): string {
  if (target === null || target === '') {
    return '—';
  }
  const match = /^([a-z_]+):(.+)$/.exec(target);
  const kind = match ? KIND_LABELS[match[1]] : undefined;
  if (!match || !kind) {
    return target;
  }
  const name = names.get(target);
  return `${kind} ${name ?? shortId(match[2])}`;
}

/** The actor of an entry by name: the recorded name, else a known one, else a short id. */
export function describeActor(entry: AuditEntry, names: NameBook): string {
  if (entry.actorName) return entry.actorName;
  if (entry.actorId) {
    return names.get(`${entry.actorType}:${entry.actorId}`) ?? shortId(entry.actorId);
  }
  return entry.actorType;
}

/** One choice of the actor picker. */
export interface ActorOption {
  /** The audit API's `actor` value. */
  readonly value: string;
  readonly label: string;
}

export interface ActorGroup {
  readonly label: string;
  readonly options: readonly ActorOption[];
}

const byLabel = (a: ActorOption, b: ActorOption) => a.label.localeCompare(b.label);

/**
 * The actor picker's choices: the system, the members, the API keys, and whoever else acted in
 * the entries shown (e.g. a former member); the selected actor stays listed even when nobody can
 * name it (by its short id), so the picker never hides an active filter.
 */
export function actorGroups(
  sources: Pick<NameSources, 'members' | 'apiKeys' | 'entries'>,
  selected: string,
): ActorGroup[] {
  const seen = new Set<string>([SYSTEM_ACTOR_ID]);
  const members: ActorOption[] = [];
  const keys: ActorOption[] = [];
  const others: ActorOption[] = [];
  for (const member of sources.members ?? []) {
    if (seen.has(member.id)) continue;
    seen.add(member.id);
    const label =
      member.displayName && member.displayName !== member.username
        ? `${member.displayName} (${member.username})`
        : member.username;
    members.push({ value: member.id, label });
  }
  for (const key of sources.apiKeys ?? []) {
    if (seen.has(key.id)) continue;
    seen.add(key.id);
    keys.push({ value: key.id, label: key.name });
  }
  for (const entry of sources.entries ?? []) {
    const id = entry.actorId;
    if (!id || seen.has(id) || entry.actorType === 'anonymous') continue;
    seen.add(id);
    const option = { value: id, label: entry.actorName ?? shortId(id) };
    (entry.actorType === 'api_key' ? keys : members).push(option);
  }
  if (selected && !seen.has(selected)) {
    others.push({ value: selected, label: shortId(selected) });
  }
  const groups: ActorGroup[] = [
    { label: 'System', options: [{ value: SYSTEM_ACTOR_ID, label: 'system (jobs, start-up)' }] },
    { label: 'Members', options: members.sort(byLabel) },
    { label: 'API keys', options: keys.sort(byLabel) },
    { label: 'Other', options: others },
  ];
  return groups.filter((group) => group.options.length > 0);
}
