import { AppConfig, RequestContext, UnitOfWork } from '@hyperion/api/core';
import { ForbiddenException, Injectable } from '@nestjs/common';

/**
 * This host's processes and services belong to the instance, not to every tenant of it: only
 * the members of one organisation (HOST_ORGANIZATION, `default` unless set) may list them (their
 * command lines can hold secrets) or act on them. Another organisation's operator gets a 403
 * saying which organisation manages the host.
 */
@Injectable()
export class HostOrganization {
  /** The organisation's id, once found (slugs and ids do not change while the API runs). */
  private id?: string;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
  ) {}

  /** Throws 403 unless the request acts in the host's organisation. */
  async assertMember(): Promise<void> {
    const acting = RequestContext.current()?.organizationId ?? null;
    const hostId = await this.hostOrganizationId();
    if (acting === null || acting !== hostId) {
      throw new ForbiddenException(
        `This host's processes and services are managed from the organisation "${this.config.hostOrganization}" only`,
      );
    }
  }

  private async hostOrganizationId(): Promise<string | null> {
    if (this.id) return this.id;
    const rows: { id: string }[] = await this.uow.run(
      (tx) =>
        tx.manager.query(
          `SELECT "id" FROM "organization" WHERE "slug" = $1 AND "disabled_at" IS NULL`,
          [this.config.hostOrganization],
        ),
      { organizationId: null, platform: true, independent: true },
    );
    this.id = rows[0]?.id;
    return this.id ?? null;
  }
}
