import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import {
  AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  ValidatorFn,
  Validators,
} from '@angular/forms';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router } from '@angular/router';
import type {
  CreateSshHostRequest,
  SshAuthMethod,
  SshHostSummary,
  UpdateSshHostRequest,
} from '@hyperion/contracts';
import { SSH_AUTH_METHODS, SSH_HOST_PERMISSIONS, SSH_HOST_RULES } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import {
  applyApiErrors,
  Autofocus,
  ConfirmDialog,
  ConfirmDialogData,
  errorsAfterSubmit,
  fieldError,
  FormPage,
  formPageFieldOptions,
  FormPageFields,
} from '@hyperion/web/ui';
import { busyFlag, loadResource } from '@hyperion/web/util';
import { forkJoin, Observable, of } from 'rxjs';

import { AUTH_LABELS, targetText } from '../ssh-format';
import { SshHostApi } from '../ssh-host-api';

const R = SSH_HOST_RULES;

const splitTags = (text: string) =>
  text
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');

const tagsValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const tags = splitTags(control.value as string);
  return tags.length > R.tagsMax || tags.some((t) => !R.tagPattern.test(t)) ? { tags: true } : null;
};

const sentence = (hint: string) => `${hint.charAt(0).toUpperCase()}${hint.slice(1)}.`;

/** The host being edited and the others (the jump host choices). */
interface Loaded {
  readonly host: SshHostSummary | null;
  readonly hosts: SshHostSummary[];
}

/**
 * Adding an SSH host (`/ssh/new`) or changing one (`/ssh/:id/edit`): where it is, the user, and
 * a private key (with its passphrase) or a password. Secrets are write-only: the API never sends
 * them back, so on edit an empty field keeps what is stored. Rules are the contracts'; a refusal
 * of the API shows beside the field it names.
 */
@Component({
  selector: 'hyp-ssh-host-form-page',
  imports: [
    Autofocus,
    FormPage,
    FormPageFields,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit, formPageFieldOptions],
  templateUrl: './ssh-host-form-page.html',
  styleUrl: './ssh-host-form-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SshHostFormPage {
  private readonly api = inject(SshHostApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly dialog = inject(MatDialog);
  private readonly destroyRef = inject(DestroyRef);
  private readonly fb = inject(NonNullableFormBuilder);

  /** The route's `:id` when editing; none when adding. */
  readonly id = input<string>();

  protected readonly rules = R;
  protected readonly methods = SSH_AUTH_METHODS;
  protected readonly authLabels = AUTH_LABELS;
  protected readonly targetText = targetText;
  protected readonly hints = {
    name: sentence(R.nameHint),
    address: sentence(R.addressHint),
    port: 'A whole number from 1 to 65535 (SSH listens on 22 unless told otherwise).',
    username: sentence(R.usernameHint),
    tags: `Comma-separated, at most ${R.tagsMax}: letters, digits, "_", ".", ":" or "-".`,
    privateKey:
      'The whole private key, PEM or OpenSSH, from its first line “-----BEGIN …” to its last.',
    jump: 'Hyperion connects to the jump host first, then to this host through it.',
  };

  protected readonly forbidden = computed(() =>
    this.auth.hasPermission(SSH_HOST_PERMISSIONS.write)
      ? null
      : "You can't change SSH hosts: that needs the ssh:admin permission.",
  );
  protected readonly editing = computed(() => this.id() !== undefined);
  protected readonly backLink = computed(() => {
    const id = this.id();
    return id ? ['..', id] : ['..'];
  });
  protected readonly heading = computed(() =>
    this.editing() ? `Edit “${this.host()?.name ?? '…'}”` : 'New SSH host',
  );

  protected readonly form = this.fb.group({
    name: [
      '',
      [
        Validators.required,
        Validators.maxLength(R.nameMaxLength),
        Validators.pattern(R.namePattern),
      ],
    ],
    address: [
      '',
      [
        Validators.required,
        Validators.maxLength(R.addressMaxLength),
        Validators.pattern(R.addressPattern),
      ],
    ],
    port: [
      String(R.portDefault),
      [Validators.required, Validators.pattern(/^\d+$/), Validators.min(1), Validators.max(65535)],
    ],
    username: [
      '',
      [
        Validators.required,
        Validators.maxLength(R.usernameMaxLength),
        Validators.pattern(R.usernamePattern),
      ],
    ],
    authMethod: this.fb.control<SshAuthMethod>('key'),
    privateKey: ['', [Validators.maxLength(R.privateKeyMaxLength)]],
    passphrase: ['', [Validators.maxLength(R.passphraseMaxLength)]],
    password: ['', [Validators.maxLength(R.passwordMaxLength)]],
    jumpHostId: this.fb.control<string>(''),
    tags: ['', [tagsValidator]],
  });

  private readonly method = toSignal(this.form.controls.authMethod.valueChanges, {
    initialValue: this.form.controls.authMethod.value,
  });
  protected readonly usesKey = computed(() => this.method() === 'key');
  /** Keyboard-interactive stores no secret: the host's questions go to the user at sign-in. */
  protected readonly usesPassword = computed(() => this.method() === 'password');

  protected readonly load = loadResource<Loaded | null>({
    load: () => {
      const id = untracked(this.id);
      return forkJoin({ host: id ? this.api.get(id) : of(null), hosts: this.api.list() });
    },
    initial: null,
    errorMessage: 'The SSH host could not be loaded.',
  });
  protected readonly host = computed(() => this.load.value()?.host ?? null);
  /** Any host but this one can be its jump host (the API refuses loops and says so). */
  protected readonly jumpChoices = computed(() => {
    const self = this.id();
    return (this.load.value()?.hosts ?? []).filter((h) => h.id !== self);
  });

  /** The stored secret the chosen method would keep when its field is left empty. */
  protected readonly keepsKey = computed(
    () => this.usesKey() && this.host()?.authMethod === 'key' && !!this.host()?.hasPrivateKey,
  );
  protected readonly keepsPassword = computed(
    () =>
      this.usesPassword() && this.host()?.authMethod === 'password' && !!this.host()?.hasPassword,
  );

  protected readonly busy = busyFlag();
  protected readonly problem = signal<string | null>(null);

  constructor() {
    // Only the chosen method's secrets are sent; its own secret is required unless one is stored.
    effect(() => {
      const key = this.usesKey();
      const usesPassword = this.usesPassword();
      const keepsSecret = key ? this.keepsKey() : this.keepsPassword();
      untracked(() => {
        const { privateKey, passphrase, password } = this.form.controls;
        for (const control of [privateKey, passphrase]) {
          if (key) control.enable({ emitEvent: false });
          else control.disable({ emitEvent: false });
        }
        if (usesPassword) password.enable({ emitEvent: false });
        else password.disable({ emitEvent: false });
        if (!key && !usesPassword) return;
        const secret = key ? privateKey : password;
        const max = key ? R.privateKeyMaxLength : R.passwordMaxLength;
        secret.setValidators(
          keepsSecret
            ? [Validators.maxLength(max)]
            : [Validators.required, Validators.maxLength(max)],
        );
        secret.updateValueAndValidity({ emitEvent: false });
      });
    });
    effect(() => {
      const host = this.host();
      if (host) untracked(() => this.fill(host));
    });
  }

  /** A field's message: what the server said of it, else what its rules say it lacks. */
  protected errorOf(control: string, hint: string): string {
    return fieldError(this.form.get(control), hint);
  }

  /** Sent by the frame once the form is valid. */
  protected save(): void {
    this.problem.set(null);
    const host = this.host();
    if (this.editing() && !host) return;
    const sent: Observable<SshHostSummary> = host
      ? this.api.update(host.id, this.request())
      : this.api.create(this.request());
    this.busy
      .track(sent)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (saved) => void this.router.navigate(['..', saved.id], { relativeTo: this.route }),
        error: (error: unknown) =>
          this.problem.set(
            applyApiErrors(this.form, error, {
              fallback: 'The SSH host could not be saved.',
              // "A SSH host named … already exists" belongs beside the name.
              statuses: [400, 409],
              controlFor: (field, message, status) =>
                status === 409 ? (/named/.test(message) ? 'name' : null) : field,
            }),
          ),
      });
  }

  protected remove(): void {
    const host = this.host();
    if (!host) return;
    const data: ConfirmDialogData = {
      title: `Delete “${host.name}”?`,
      paragraphs: [
        `Hyperion forgets ${targetText(host)}, its stored credentials and its trusted host key. This cannot be undone.`,
        'A host that is the jump host of another cannot be deleted: change that host first.',
      ],
      confirmLabel: 'Delete SSH host',
      danger: true,
      action: () => this.api.delete(host.id),
      errorFallback: 'The SSH host could not be deleted.',
      testId: 'ssh-host-delete-dialog',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data, autoFocus: 'dialog' })
      .afterClosed()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((deleted) => {
        // Back to the list: the host's own page is gone too ('..' leaves the whole `:id/edit`).
        if (deleted) void this.router.navigate(['..'], { relativeTo: this.route });
      });
  }

  /**
   * The body of a create or an update: every field shown; a secret only when typed (on edit an
   * empty one keeps the stored secret), and only the chosen method's.
   */
  private request(): CreateSshHostRequest & UpdateSshHostRequest {
    const value = this.form.getRawValue();
    const key = value.authMethod === 'key';
    const usesPassword = value.authMethod === 'password';
    return {
      name: value.name,
      address: value.address.trim(),
      port: Number(value.port),
      username: value.username,
      authMethod: value.authMethod,
      ...(key && value.privateKey ? { privateKey: value.privateKey } : {}),
      ...(key && value.passphrase ? { passphrase: value.passphrase } : {}),
      ...(usesPassword && value.password ? { password: value.password } : {}),
      // No request takes null: "connect directly" is no jump host on create, a clear on edit.
      ...(value.jumpHostId !== ''
        ? { jumpHostId: value.jumpHostId }
        : this.id()
          ? { clear: ['jumpHostId' as const] }
          : {}),
      tags: splitTags(value.tags),
    };
  }

  private fill(host: SshHostSummary): void {
    this.form.patchValue({
      name: host.name,
      address: host.address,
      port: String(host.port),
      username: host.username,
      authMethod: host.authMethod,
      privateKey: '',
      passphrase: '',
      password: '',
      jumpHostId: host.jumpHostId ?? '',
      tags: host.tags.join(', '),
    });
  }
}
