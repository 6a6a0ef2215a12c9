import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';

/** Any URL the console does not know: says so, and offers the way back. */
@Component({
  selector: 'hyp-not-found-page',
  imports: [MatButtonModule, RouterLink],
  template: `
    <section class="message-page" data-testid="not-found-page">
      <p class="code" aria-hidden="true">404</p>
      <h1 class="page-title">Page not found</h1>
      <p class="page-lead">
        There is no page at <code data-testid="not-found-path">{{ path }}</code
        >. The link may be mistyped, or the page may have moved.
      </p>
      <a matButton="filled" routerLink="/" data-testid="not-found-home">Go to the start page</a>
    </section>
  `,
  styleUrl: '../message-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFoundPage {
  protected readonly path = inject(Router).url.split(/[?#]/)[0];
}
