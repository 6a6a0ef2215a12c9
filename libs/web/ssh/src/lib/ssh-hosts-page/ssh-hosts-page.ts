import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import type { SshHostSummary } from '@hyperion/contracts';
import { SSH_HOST_PERMISSIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { loadResource } from '@hyperion/web/util';

import {
  AUTH_LABELS,
  durationText,
  hostKeyInfo,
  remoteErrorMessage,
  targetText,
} from '../ssh-format';
import { SshHostApi } from '../ssh-host-api';

/** Where a row's "Test connection" stands. */
export type TestOutcome =
  | { readonly kind: 'busy' }
  | { readonly kind: 'ok'; readonly latencyMs: number; readonly fingerprint: string }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * The SSH hosts of the active organisation: where each one is, how Hyperion signs in, through
 * which jump host, and whether its host key is trusted (a changed key stands out: connections are
 * refused until an administrator approves it). Each row can test its connection; the outcome
 * stays beside the button. Adding and editing need ssh:admin.
 */
@Component({
  selector: 'hyp-ssh-hosts-page',
  imports: [MatButtonModule, MatProgressBarModule, MatTableModule, RouterLink],
  templateUrl: './ssh-hosts-page.html',
  styleUrl: './ssh-hosts-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SshHostsPage {
  private readonly api = inject(SshHostApi);
  private readonly auth = inject(AuthService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly targetText = targetText;
  protected readonly hostKeyInfo = hostKeyInfo;
  protected readonly durationText = durationText;

  protected readonly canWrite = computed(() => this.auth.hasPermission(SSH_HOST_PERMISSIONS.write));
  protected readonly columns = computed(() => [
    'name',
    'target',
    'auth',
    'jump',
    'tags',
    'hostKey',
    'test',
    'actions',
  ]);

  protected readonly sshHosts = loadResource<SshHostSummary[]>({
    load: () => this.api.list(),
    initial: [],
    errorMessage: 'The SSH hosts could not be loaded.',
  });

  /** Jump hosts are named, not shown as ids. */
  private readonly names = computed(
    () => new Map(this.sshHosts.value().map((host) => [host.id, host.name])),
  );

  /** Outcome of the last "Test connection" of each row, by host id. */
  protected readonly tests = signal<ReadonlyMap<string, TestOutcome>>(new Map());

  protected authText(host: SshHostSummary): string {
    return AUTH_LABELS[host.authMethod];
  }

  protected jumpName(host: SshHostSummary): string | null {
    if (!host.jumpHostId) return null;
    return this.names().get(host.jumpHostId) ?? 'a host not in this list';
  }

  protected testOf(host: SshHostSummary): TestOutcome | undefined {
    return this.tests().get(host.id);
  }

  protected test(host: SshHostSummary): void {
    if (this.testOf(host)?.kind === 'busy') return;
    this.setTest(host.id, { kind: 'busy' });
    this.api
      .test(host.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (result) =>
          this.setTest(host.id, {
            kind: 'ok',
            latencyMs: result.latencyMs,
            fingerprint: result.fingerprint,
          }),
        error: (error: unknown) =>
          this.setTest(host.id, {
            kind: 'failed',
            message: remoteErrorMessage(error, `“${host.name}” could not be tested.`),
          }),
      });
  }

  private setTest(id: string, outcome: TestOutcome): void {
    this.tests.update((tests) => new Map(tests).set(id, outcome));
  }
}
