import { Signal, computed, inject } from '@angular/core';
import type { IncidentPerson, ServiceSummary } from '@hyperion/contracts';
import { ALERT_PERMISSIONS, INCIDENT_PERMISSIONS, INCIDENT_RULES } from '@hyperion/contracts';
import { ServiceApi } from '@hyperion/web/alerts';
import { AuthService } from '@hyperion/web/auth-data';
import { LoadedResource, loadResource } from '@hyperion/web/util';
import { map, of } from 'rxjs';

import { IncidentApi } from '../incident-api';

/** Someone who can be picked for a role, by name. */
export interface PersonOption {
  readonly id: string;
  readonly name: string;
}

/** The organisation's members, as the roles and owners pickers offer them. */
export interface PeopleDirectory {
  readonly members: LoadedResource<PersonOption[]>;
  /**
   * Why someone may be missing from the pickers (the list is cut at INCIDENT_RULES.membersMax,
   * or could not be loaded), or null when every active member is offered.
   */
  readonly notice: Signal<string | null>;
  /** Everyone to offer: the members, you, and `extra` (those already on the record), by name. */
  options(extra?: readonly (IncidentPerson | null | undefined)[]): PersonOption[];
}

/**
 * The members from `GET /api/v1/incidents/members` (incidents:read), by username. With
 * `forWriting`, only loaded when the user may write incidents (a reader has no picker). Call in
 * an injection context (a field initialiser).
 */
export function peopleDirectory(use: { forWriting?: boolean } = {}): PeopleDirectory {
  const auth = inject(AuthService);
  const api = inject(IncidentApi);
  const wanted = !use.forWriting || auth.hasPermission(INCIDENT_PERMISSIONS.write);
  const members = loadResource<PersonOption[]>({
    load: () =>
      wanted
        ? api
            .members()
            .pipe(
              map((people) =>
                people.map((person) => ({ id: person.userId, name: person.name ?? person.userId })),
              ),
            )
        : of([]),
    initial: [],
    errorMessage: 'The members could not be loaded: only you can be picked.',
  });
  const notice = computed(() => {
    if (members.error()) {
      return 'The members could not be loaded: only you and the people already named are offered.';
    }
    return members.value().length >= INCIDENT_RULES.membersMax
      ? `Only the first ${INCIDENT_RULES.membersMax} members by name are offered, with you and the people already named.`
      : null;
  });
  const myself = computed<PersonOption | null>(() => {
    const user = auth.currentUser();
    return user ? { id: user.id, name: `${user.username} (you)` } : null;
  });
  const options = (extra: readonly (IncidentPerson | null | undefined)[] = []) => {
    const found = new Map<string, PersonOption>();
    for (const person of extra) {
      if (person)
        found.set(person.userId, { id: person.userId, name: person.name ?? 'a deleted account' });
    }
    for (const member of members.value()) found.set(member.id, member);
    const self = myself();
    if (self) found.set(self.id, self);
    return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
  };
  return { members, notice, options };
}

/** The alerts domain's services (for the service filter and field), when alerts:read is held. */
export function serviceList(): LoadedResource<ServiceSummary[]> {
  const auth = inject(AuthService);
  const api = inject(ServiceApi);
  return loadResource<ServiceSummary[]>({
    load: () => (auth.hasPermission(ALERT_PERMISSIONS.read) ? api.list() : of([])),
    initial: [],
    errorMessage: 'The services could not be loaded: the service lists are empty.',
  });
}
