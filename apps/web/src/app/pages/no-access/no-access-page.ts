import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { AuthService } from '@hyperion/web/auth-data';

/**
 * Where the permission guard sends a user who may not open a page (`?from=` names it): says so
 * plainly instead of silently showing another page.
 */
@Component({
  selector: 'hyp-no-access-page',
  imports: [MatButtonModule, RouterLink],
  template: `
    <section class="message-page" data-testid="no-access-page">
      <p class="code" aria-hidden="true">403</p>
      <h1 class="page-title">You don't have access to this page</h1>
      <p class="page-lead">
        @if (page; as page) {
          Your roles in <strong>{{ organization() }}</strong> do not allow you to open
          <code data-testid="no-access-path">{{ page }}</code
          >.
        } @else {
          Your roles in <strong>{{ organization() }}</strong> do not allow you to open that page.
        }
        If you need it, ask an administrator of your organisation for a role that includes it.
      </p>
      <a matButton="filled" routerLink="/" data-testid="no-access-home">Go to the start page</a>
    </section>
  `,
  styleUrl: '../message-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NoAccessPage {
  private readonly auth = inject(AuthService);

  /** The refused page (`?from=`), named back only when it is a path of this console. */
  protected readonly page = refusedPath(inject(ActivatedRoute).snapshot.queryParamMap.get('from'));
  protected readonly organization = computed(
    () => this.auth.organization()?.name ?? 'this instance',
  );
}

function refusedPath(from: string | null): string | null {
  return from && from.startsWith('/') && !from.startsWith('//') ? from.split(/[?#]/)[0] : null;
}
