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
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router } from '@angular/router';
import type {
  CreateFileRootRequest,
  FileRootKind,
  FileRootSummary,
  SshHostSummary,
  UpdateFileRootRequest,
} from '@hyperion/contracts';
import { FILE_ROOT_KINDS, FILE_ROOT_PERMISSIONS, FILE_ROOT_RULES } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { SshHostApi } from '@hyperion/web/ssh';
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
import { catchError, forkJoin, Observable, of } from 'rxjs';

import { FileRootApi } from '../file-root-api';

const R = FILE_ROOT_RULES;
const MIB = 1024 * 1024;

const splitRoles = (text: string) =>
  text
    .split(',')
    .map((role) => role.trim())
    .filter((role) => role !== '');

const rolesValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const roles = splitRoles(control.value as string);
  return roles.length > R.allowedRolesMax || roles.some((r) => r.length > R.roleNameMaxLength)
    ? { roles: true }
    : null;
};

const sentence = (hint: string) => `${hint.charAt(0).toUpperCase()}${hint.slice(1)}.`;

export const KIND_LABELS: Readonly<Record<FileRootKind, string>> = {
  local: 'A directory on the Hyperion host',
  sftp: 'A directory on an SSH host (SFTP)',
};

interface Loaded {
  readonly root: FileRootSummary | null;
  /** The SSH hosts an sftp root may use; null when they could not be listed (no ssh:exec). */
  readonly hosts: SshHostSummary[] | null;
}

/**
 * Declaring a file root (`/files/roots/new`) or changing one (`/files/roots/:id/edit`), with
 * files:admin: a local directory (inside FILES_ALLOWED_ROOTS) or one on an SSH host, read-only or
 * not, open to every role or to named ones, with its own upload limit. A refusal of the API shows
 * beside the field it names.
 */
@Component({
  selector: 'hyp-file-root-form-page',
  imports: [
    Autofocus,
    FormPage,
    FormPageFields,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit, formPageFieldOptions],
  templateUrl: './file-root-form-page.html',
  styleUrl: './file-root-form-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FileRootFormPage {
  private readonly api = inject(FileRootApi);
  private readonly sshHosts = inject(SshHostApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly dialog = inject(MatDialog);
  private readonly destroyRef = inject(DestroyRef);
  private readonly fb = inject(NonNullableFormBuilder);

  /** The route's `:id` when editing. */
  readonly id = input<string>();

  protected readonly kinds = FILE_ROOT_KINDS;
  protected readonly kindLabels = KIND_LABELS;
  protected readonly rules = R;
  protected readonly hints = {
    name: sentence(R.nameHint),
    path: sentence(R.pathHint),
    sftpPath: 'An absolute path of an existing directory on the SSH host.',
    localPath:
      'An absolute path of an existing directory on the Hyperion host, inside FILES_ALLOWED_ROOTS.',
    roles: `Comma-separated role names, at most ${R.allowedRolesMax}. Empty: every role holding files:read.`,
    maxUpload: "In MiB. Empty: the instance's limit (FILES_MAX_UPLOAD_BYTES).",
    host: 'Hyperion connects with this host’s credentials and checks its host key, as for commands.',
  };

  protected readonly forbidden = computed(() =>
    this.auth.hasPermission(FILE_ROOT_PERMISSIONS.write)
      ? null
      : "You can't change file roots: that needs the files:admin permission.",
  );
  protected readonly editing = computed(() => this.id() !== undefined);
  /** The roots list, from `roots/new` (two segments) or `roots/:id/edit` (three). */
  protected readonly backLink = computed(() => (this.editing() ? '../../..' : '../..'));
  protected readonly heading = computed(() =>
    this.editing() ? `Edit “${this.root()?.name ?? '…'}”` : 'New file root',
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
    kind: this.fb.control<FileRootKind>('local'),
    sshHostId: this.fb.control<string>(''),
    path: [
      '',
      [
        Validators.required,
        Validators.maxLength(R.pathMaxLength),
        Validators.pattern(R.pathPattern),
      ],
    ],
    readOnly: this.fb.control(false),
    allowedRoles: ['', [rolesValidator]],
    maxUploadMiB: ['', [Validators.pattern(/^\d+$/), Validators.min(1)]],
  });

  private readonly kind = toSignal(this.form.controls.kind.valueChanges, {
    initialValue: this.form.controls.kind.value,
  });
  protected readonly sftp = computed(() => this.kind() === 'sftp');

  protected readonly load = loadResource<Loaded | null>({
    load: () => {
      const id = untracked(this.id);
      return forkJoin({
        root: id ? this.api.get(id) : of(null),
        hosts: this.sshHosts.list().pipe(catchError(() => of(null))),
      });
    },
    initial: null,
    errorMessage: 'The file root could not be loaded.',
  });
  protected readonly root = computed(() => this.load.value()?.root ?? null);
  protected readonly hosts = computed(() => this.load.value()?.hosts ?? null);

  protected readonly busy = busyFlag();
  protected readonly problem = signal<string | null>(null);

  constructor() {
    effect(() => {
      const sftp = this.sftp();
      const editing = this.editing();
      untracked(() => {
        const { sshHostId, kind } = this.form.controls;
        if (editing) kind.disable({ emitEvent: false });
        if (sftp && !editing) {
          sshHostId.enable({ emitEvent: false });
          sshHostId.setValidators([Validators.required]);
        } else {
          sshHostId.setValidators([]);
          sshHostId.disable({ emitEvent: false });
        }
        sshHostId.updateValueAndValidity({ emitEvent: false });
      });
    });
    effect(() => {
      const root = this.root();
      if (root) untracked(() => this.fill(root));
    });
  }

  protected errorOf(control: string, hint: string): string {
    return fieldError(this.form.get(control), hint);
  }

  protected hostName(id: string | null): string {
    if (!id) return '';
    return this.hosts()?.find((h) => h.id === id)?.name ?? 'an SSH host not listed';
  }

  protected save(): void {
    this.problem.set(null);
    const root = this.root();
    if (this.editing() && !root) return;
    const sent: Observable<FileRootSummary> = root
      ? this.api.update(root.id, this.updateRequest())
      : this.api.create(this.createRequest());
    this.busy
      .track(sent)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        // `roots/new` is two segments, `roots/:id/edit` three: back to the roots.
        next: () => void this.router.navigate([this.backLink()], { relativeTo: this.route }),
        error: (error: unknown) =>
          this.problem.set(
            applyApiErrors(this.form, error, {
              fallback: 'The file root could not be saved.',
              statuses: [400, 404, 409],
              controlFor: (field, message, status) => {
                if (field === 'maxUploadBytes') return 'maxUploadMiB';
                if (status === 409) return /named/.test(message) ? 'name' : null;
                if (status === 404) return /host/i.test(message) ? 'sshHostId' : null;
                return field;
              },
            }),
          ),
      });
  }

  protected remove(): void {
    const root = this.root();
    if (!root) return;
    const data: ConfirmDialogData = {
      title: `Delete “${root.name}”?`,
      paragraphs: [
        `Hyperion forgets the root “${root.name}” (${root.path}). The files in it stay where they are; nobody reaches them through Hyperion any more.`,
      ],
      confirmLabel: 'Delete file root',
      danger: true,
      action: () => this.api.delete(root.id),
      errorFallback: 'The file root could not be deleted.',
      testId: 'file-root-delete-dialog',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data, autoFocus: 'dialog' })
      .afterClosed()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((deleted) => {
        if (deleted) void this.router.navigate([this.backLink()], { relativeTo: this.route });
      });
  }

  private maxUploadBytes(): number | undefined {
    const text = this.form.controls.maxUploadMiB.value.trim();
    return text === '' ? undefined : Number(text) * MIB;
  }

  private createRequest(): CreateFileRootRequest {
    const value = this.form.getRawValue();
    const max = this.maxUploadBytes();
    return {
      name: value.name,
      kind: value.kind,
      path: value.path.trim(),
      ...(value.kind === 'sftp' ? { sshHostId: value.sshHostId } : {}),
      ...(max !== undefined ? { maxUploadBytes: max } : {}),
      readOnly: value.readOnly,
      allowedRoles: splitRoles(value.allowedRoles),
    };
  }

  private updateRequest(): UpdateFileRootRequest {
    const value = this.form.getRawValue();
    const max = this.maxUploadBytes();
    return {
      name: value.name,
      path: value.path.trim(),
      ...(max !== undefined ? { maxUploadBytes: max } : { clear: ['maxUploadBytes' as const] }),
      readOnly: value.readOnly,
      allowedRoles: splitRoles(value.allowedRoles),
    };
  }

  private fill(root: FileRootSummary): void {
    this.form.patchValue({
      name: root.name,
      kind: root.kind,
      sshHostId: root.sshHostId ?? '',
      path: root.path,
      readOnly: root.readOnly,
      allowedRoles: root.allowedRoles.join(', '),
      maxUploadMiB:
        root.maxUploadBytes === null
          ? ''
          : String(Math.max(1, Math.round(root.maxUploadBytes / MIB))),
    });
  }
}
