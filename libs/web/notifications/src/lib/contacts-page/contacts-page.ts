import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import type {
  ContactSummary,
  NotificationChannelKind,
  NotificationPreferences,
  UserSummary,
} from '@hyperion/contracts';
import { NOTIFICATION_CHANNEL_PERMISSIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { busyFlag, loadResource } from '@hyperion/web/util';
import { filter, of } from 'rxjs';

import { ConfirmDialog, ConfirmDialogData } from '@hyperion/web/ui';
import { kindInfo } from '../channel-kinds';
import { OnCallApi } from '../on-call-api';
import { IcalLinks } from '../on-call/ical-link';
import { ContactDialog, ContactDialogData, LinkableUser } from './contact-dialog';
import { handlesText } from './contact-form';
import { RulesDialog, RulesDialogData } from './rules-dialog';

/** Listing the members to link contacts to needs this (the admin pages' permission). */
const USERS_ADMIN = 'users:admin';

/**
 * The people Hyperion pages: name, email address, phone number, chat handles, time zone and the
 * user each one is. Everyone who may read sees them, their notification rules and can copy their
 * calendar link; with notifications:write: new contact, edit, delete (after a confirmation), a
 * new calendar link.
 */
@Component({
  selector: 'hyp-contacts-page',
  imports: [MatButtonModule, MatMenuModule, MatProgressBarModule, MatTableModule],
  templateUrl: './contacts-page.html',
  styleUrl: '../page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ContactsPage {
  private readonly api = inject(OnCallApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);
  private readonly icalLinks = inject(IcalLinks);

  protected readonly canWrite = computed(() =>
    this.auth.hasPermission(NOTIFICATION_CHANNEL_PERMISSIONS.write),
  );
  protected readonly columns = ['name', 'email', 'phone', 'handles', 'timeZone', 'user', 'actions'];
  protected readonly contacts = loadResource<ContactSummary[]>({
    load: () => this.api.contacts(),
    initial: [],
    errorMessage: 'The contacts could not be loaded.',
  });
  /** The members, to name linked users (only listed with users:admin; else none). */
  private readonly members = loadResource<UserSummary[]>({
    load: () => (this.auth.hasPermission(USERS_ADMIN) ? this.api.members() : of([])),
    initial: [],
    errorMessage: 'The members could not be loaded.',
  });
  protected readonly busy = busyFlag();

  private readonly me = computed(() => this.auth.currentUser());
  /** The users a contact can be linked to: the signed-in user, and every member when listed. */
  private readonly linkable = computed<LinkableUser[]>(() => {
    const me = this.me();
    const users: LinkableUser[] = me
      ? [{ id: me.id, label: `${me.displayName || me.username} (you)` }]
      : [];
    for (const member of this.members.value()) {
      if (member.id !== me?.id) {
        users.push({ id: member.id, label: `${member.displayName || member.username}` });
      }
    }
    return users;
  });

  protected handles(contact: ContactSummary): string {
    return handlesText(contact.handles, (kind: NotificationChannelKind) => kindInfo(kind).label);
  }

  /** "You", the member's name, or "A user" when this viewer cannot list the members. */
  protected userLabel(contact: ContactSummary): string {
    if (!contact.userId) return '—';
    if (contact.userId === this.me()?.id) return 'You';
    const member = this.members.value().find((m) => m.id === contact.userId);
    return member ? member.displayName || member.username : 'A user';
  }

  protected canEditRules(contact: ContactSummary): boolean {
    return this.canWrite() || (contact.userId !== null && contact.userId === this.me()?.id);
  }

  protected create(): void {
    this.openForm(null).subscribe((created) => {
      this.contacts.update((list) => [...list, created].sort(byName));
      this.snackBar.open(`Contact ${created.name} created.`, undefined, { duration: 4000 });
    });
  }

  protected edit(contact: ContactSummary): void {
    this.openForm(contact).subscribe((saved) => {
      this.replace(saved);
      this.snackBar.open(`Contact ${saved.name} saved.`, undefined, { duration: 4000 });
    });
  }

  protected rules(contact: ContactSummary): void {
    const canEdit = this.canEditRules(contact);
    this.dialog
      .open<RulesDialog, RulesDialogData, NotificationPreferences | undefined>(RulesDialog, {
        width: '720px',
        maxWidth: '95vw',
        autoFocus: canEdit ? 'input' : 'button',
        data: {
          contact,
          canEdit,
          load: () => this.api.notificationRules(contact.id),
          save: (request) => this.busy.track(this.api.saveNotificationRules(contact.id, request)),
        },
      })
      .afterClosed()
      .pipe(filter((saved): saved is NotificationPreferences => saved !== undefined))
      .subscribe(() =>
        this.snackBar.open(`Notification rules of ${contact.name} saved.`, undefined, {
          duration: 4000,
        }),
      );
  }

  protected copyIcal(contact: ContactSummary): void {
    this.icalLinks.copy(contact.icalUrl, contact.name);
  }

  protected rotateIcal(contact: ContactSummary): void {
    this.icalLinks
      .replace(
        contact.name,
        () => this.busy.track(this.api.rotateContactIcal(contact.id)),
        `contact-ical-${contact.id}`,
      )
      .subscribe((saved) => this.replace(saved));
  }

  protected replace(saved: ContactSummary): void {
    this.contacts.update((list) => list.map((c) => (c.id === saved.id ? saved : c)));
  }

  protected remove(contact: ContactSummary): void {
    const data: ConfirmDialogData = {
      title: `Delete the contact ${contact.name}?`,
      paragraphs: [
        `${contact.name} leaves every team and override; Hyperion no longer pages them.`,
        'A contact still in a schedule’s rotation cannot be deleted: take them out of it first.',
      ],
      confirmLabel: `Delete ${contact.name}`,
      danger: true,
      action: () => this.busy.track(this.api.deleteContact(contact.id)),
      errorFallback: 'The contact could not be deleted.',
      testId: 'contact-delete-dialog',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(filter((done) => done === true))
      .subscribe(() => {
        this.contacts.update((list) => list.filter((c) => c.id !== contact.id));
        this.snackBar.open(`Contact ${contact.name} deleted.`, undefined, { duration: 4000 });
      });
  }

  private openForm(contact: ContactSummary | null) {
    return this.dialog
      .open<ContactDialog, ContactDialogData, ContactSummary | undefined>(ContactDialog, {
        autoFocus: 'input',
        maxWidth: '95vw',
        width: '720px',
        data: {
          contact,
          users: this.linkable(),
          create: (request) => this.busy.track(this.api.createContact(request)),
          update: (id, request) => this.busy.track(this.api.updateContact(id, request)),
        },
      })
      .afterClosed()
      .pipe(filter((saved): saved is ContactSummary => saved !== undefined));
  }
}

const byName = (a: ContactSummary, b: ContactSummary) => a.name.localeCompare(b.name);
