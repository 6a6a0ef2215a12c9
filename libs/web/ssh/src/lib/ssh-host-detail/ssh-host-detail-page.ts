import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import type { SshExecListItem, SshExecResult, SshHostSummary } from '@hyperion/contracts';
import { SSH_EXEC_RULES, SSH_HOST_PERMISSIONS, SSH_HOST_RULES } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import {
  ConfirmDialog,
  ConfirmDialogData,
  errorsAfterSubmit,
  formPageFieldOptions,
} from '@hyperion/web/ui';
import { apiErrorMessage, busyFlag, loadResource, localTime } from '@hyperion/web/util';
import { forkJoin } from 'rxjs';

import { AUTH_LABELS, durationText, remoteErrorMessage, targetText } from '../ssh-format';
import { SshHostApi } from '../ssh-host-api';

const E = SSH_EXEC_RULES;

interface Loaded {
  readonly host: SshHostSummary;
  readonly hosts: SshHostSummary[];
}

/**
 * One SSH host (`/ssh/:id`): where it is, its host key (the trusted fingerprint; a changed key
 * waiting for approval, which an administrator approves after checking it, or a fingerprint
 * pinned by hand), and commands: run one with a timeout and read its exit code and output, or
 * open one run before from the history.
 */
@Component({
  selector: 'hyp-ssh-host-detail-page',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    ReactiveFormsModule,
    RouterLink,
  ],
  providers: [errorsAfterSubmit, formPageFieldOptions],
  templateUrl: './ssh-host-detail-page.html',
  styleUrl: './ssh-host-detail-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SshHostDetailPage {
  private readonly api = inject(SshHostApi);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly destroyRef = inject(DestroyRef);
  private readonly fb = inject(NonNullableFormBuilder);

  /** The route's `:id`. */
  readonly id = input.required<string>();

  protected readonly targetText = targetText;
  protected readonly authLabels = AUTH_LABELS;
  protected readonly localTime = localTime;
  protected readonly durationText = durationText;
  protected readonly execRules = E;
  protected readonly fingerprintHint = `${SSH_HOST_RULES.fingerprintHint.charAt(0).toUpperCase()}${SSH_HOST_RULES.fingerprintHint.slice(1)}.`;
  protected readonly timeoutHint = `Seconds, from ${E.timeoutMin} to ${E.timeoutMax}: then the command is stopped.`;

  protected readonly canAdmin = computed(() => this.auth.hasPermission(SSH_HOST_PERMISSIONS.write));
  protected readonly canExec = computed(() => this.auth.hasPermission(SSH_HOST_PERMISSIONS.exec));

  protected readonly load = loadResource<Loaded | null>({
    load: () => {
      const id = untracked(this.id);
      return forkJoin({ host: this.api.get(id), hosts: this.api.list() });
    },
    initial: null,
    errorMessage: 'The SSH host could not be loaded.',
  });
  protected readonly host = computed(() => this.load.value()?.host ?? null);
  protected readonly jumpHost = computed(() => {
    const loaded = this.load.value();
    const id = loaded?.host.jumpHostId;
    return id ? (loaded.hosts.find((h) => h.id === id) ?? null) : null;
  });

  protected readonly execs = loadResource<SshExecListItem[]>({
    load: () => this.api.execs(untracked(this.id)),
    initial: [],
    errorMessage: 'The past commands could not be loaded.',
  });

  // Host key
  protected readonly keyBusy = busyFlag();
  protected readonly keyError = signal<string | null>(null);
  protected readonly keyDone = signal<string | null>(null);
  protected readonly pinForm = this.fb.group({
    fingerprint: ['', [Validators.required, Validators.pattern(SSH_HOST_RULES.fingerprintPattern)]],
  });

  // Commands
  protected readonly execForm = this.fb.group({
    command: ['', [Validators.required, Validators.maxLength(E.commandMaxLength)]],
    timeoutSeconds: [
      String(E.timeoutDefault),
      [
        Validators.required,
        Validators.pattern(/^\d+$/),
        Validators.min(E.timeoutMin),
        Validators.max(E.timeoutMax),
      ],
    ],
  });
  protected readonly running = busyFlag();
  protected readonly execError = signal<string | null>(null);
  /** The command shown: the one just run, or one opened from the history. */
  protected readonly shown = signal<SshExecResult | null>(null);
  protected readonly opening = signal<string | null>(null);

  protected userText(item: SshExecListItem): string {
    if (item.userId === null) return 'A deleted user';
    return item.userId === this.auth.currentUser()?.id ? 'You' : `User ${item.userId.slice(0, 8)}`;
  }

  /** "Exit code 0", "Stopped by SIGKILL", "Timed out": how the command ended, in words. */
  protected endText(item: SshExecListItem): string {
    if (item.timedOut) return 'Timed out';
    if (item.exitCode !== null) return `Exit code ${item.exitCode}`;
    if (item.signal) return `Stopped by ${item.signal}`;
    return 'No exit code';
  }

  /** Asks first, naming both fingerprints; posts exactly the pending one. */
  protected approve(): void {
    const host = this.host();
    const pending = host?.hostKey.pendingFingerprint;
    if (!host || !pending) return;
    const trusted = host.hostKey.fingerprint ?? 'none';
    const data: ConfirmDialogData = {
      title: `Trust the new host key of “${host.name}”?`,
      paragraphs: [
        `Trusted until now: ${trusted}.`,
        `New key offered: ${pending}${host.hostKey.pendingKeyType ? ` (${host.hostKey.pendingKeyType})` : ''}.`,
        'Approve only if you know why the key changed (the host was reinstalled, its keys were rotated) and you checked the new fingerprint on the host itself (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub). Otherwise someone may be in between.',
      ],
      confirmLabel: 'Approve this key',
      danger: true,
      action: () => this.api.approveHostKey(host.id, pending),
      errorFallback: 'The new host key could not be approved.',
      testId: 'ssh-approve-dialog',
    };
    this.keyError.set(null);
    this.keyDone.set(null);
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data, autoFocus: 'dialog' })
      .afterClosed()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((approved) => {
        if (!approved) return;
        this.keyDone.set(`Approved: ${pending} is trusted now.`);
        this.load.reload();
      });
  }

  protected pin(): void {
    const host = this.host();
    if (!host || this.keyBusy.active()) return;
    this.pinForm.markAllAsTouched();
    if (this.pinForm.invalid) return;
    const fingerprint = this.pinForm.controls.fingerprint.value.trim();
    this.keyError.set(null);
    this.keyDone.set(null);
    this.keyBusy
      .track(this.api.pinHostKey(host.id, fingerprint))
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (updated) => {
          this.keyDone.set(`Pinned: ${fingerprint} is trusted now.`);
          this.pinForm.reset();
          this.load.update((loaded) => (loaded ? { ...loaded, host: updated } : loaded));
        },
        error: (error: unknown) =>
          this.keyError.set(apiErrorMessage(error, 'The fingerprint could not be pinned.')),
      });
  }

  protected run(): void {
    const host = this.host();
    if (!host || this.running.active()) return;
    if (this.execForm.invalid) return;
    const value = this.execForm.getRawValue();
    this.execError.set(null);
    this.running
      .track(
        this.api.exec(host.id, {
          command: value.command,
          timeoutSeconds: Number(value.timeoutSeconds),
        }),
      )
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (result) => {
          this.shown.set(result);
          this.execs.reload();
        },
        error: (error: unknown) => {
          this.execError.set(remoteErrorMessage(error, 'The command could not be run.'));
          // A refused run is in the history too (the API audits it).
          this.execs.reload();
        },
      });
  }

  /** Loads a past command with its stored output into the output panel. */
  protected open(item: SshExecListItem): void {
    this.opening.set(item.id);
    this.execError.set(null);
    this.api
      .execItem(item.hostId, item.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (result) => {
          this.opening.set(null);
          this.shown.set(result);
        },
        error: (error: unknown) => {
          this.opening.set(null);
          this.execError.set(apiErrorMessage(error, 'That command could not be loaded.'));
        },
      });
  }
}
