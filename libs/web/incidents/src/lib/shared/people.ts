import { Signal, computed, inject } from '@angular/core';
import type { IncidentPerson, ServiceSummary } from '@hyperion/contracts';
import { ALERT_PERMISSIONS } from '@hyperion/contracts';
import { ServiceApi } from '@hyperion/web/alerts';
import { AuthService } from '@hyperion/web/auth-data';
import { OnCallApi } from '@hyperion/web/notifications';
import { LoadedResource, loadResource } from '@hyperion/web/util';
import { map, of } from 'rxjs';

/** Someone who can be picked for a role, by name. */
export interface PersonOption {
  readonly id: string;
  readonly name: string;
}

/** The organisation's members, as the roles and owners pickers offer them. */
export interface PeopleDirectory {
  readonly members: LoadedResource<PersonOption[]>;
  /** Listing the members needs users:admin: without it only the people already shown and you. */
  readonly complete: boolean;
  /** The signed-in user's id. */
  readonly me: Signal<string | null>;
  /** Everyone to offer: the members, you, and `extra` (those already on the record), by name. */
  options(extra?: readonly (IncidentPerson | null | undefined)[]): PersonOption[];
  nameOf(id: string | null): string;
}

/**
 * The members (from the endpoint the administration pages use, `GET /api/v1/users`, which needs
 * users:admin). Call in an injection context (a field initialiser).
 */
export function peopleDirectory(): PeopleDirectory {
  const auth = inject(AuthService);
  const onCall = inject(OnCallApi);
  const complete = auth.hasPermission('users:admin');
  const members = loadResource<PersonOption[]>({
    load: () =>
      complete
        ? onCall
            .members()
            .pipe(
              map((users) =>
                users.map((user) => ({ id: user.id, name: user.displayName || user.username })),
              ),
            )
        : of([]),
    initial: [],
    errorMessage: 'The members could not be loaded: only you can be picked.',
  });
  const me = computed(() => auth.currentUser()?.id ?? null);
  const myself = computed<PersonOption | null>(() => {
    const user = auth.currentUser();
    return user ? { id: user.id, name: `${user.displayName || user.username} (you)` } : null;
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
  return {
    members,
    complete,
    me,
    options,
    nameOf: (id) => (id ? (options().find((o) => o.id === id)?.name ?? 'someone else') : 'Nobody'),
  };
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
