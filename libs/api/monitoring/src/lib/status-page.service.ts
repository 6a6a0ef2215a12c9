import { Tx, UnitOfWork } from '@hyperion/api/core';
import { NotificationChannelService } from '@hyperion/api/notifications';
import type { StatusPageDetail, StatusPageGroup, StatusPageSummary } from '@hyperion/contracts';
import { STATUS_PAGE_RULES } from '@hyperion/contracts';
import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';

import {
  CreateStatusPageDto,
  ReplaceStatusPageComponentsDto,
  UpdateStatusPageDto,
} from './dto/status-page.dto';
import { StatusPageEntity } from './entities/status-page.entity';
import {
  ComponentPlacement,
  ComponentRow,
  StatusPageFields,
  StatusPageRepository,
} from './status-page.repository';
import { StatusPageCache } from './status/status-page-cache';

/** The response the API and the console see; entities never leave this library. */
export function toStatusPageSummary(row: StatusPageEntity): StatusPageSummary {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    published: row.published,
    showPostmortems: row.showPostmortems,
    publicUrl: row.publicUrl,
    emailChannelId: row.emailChannelId,
    subscriptions: !!(row.publicUrl && row.emailChannelId),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The components in their groups, in order (rows come ordered). */
export function toGroups(rows: readonly ComponentRow[]): StatusPageGroup[] {
  const groups: StatusPageGroup[] = [];
  for (const row of rows) {
    let group = groups[groups.length - 1];
    if (!group || group.name !== row.groupName) {
      group = { name: row.groupName, components: [] };
      groups.push(group);
    }
    group.components.push({
      kind: row.kind,
      id: row.targetId,
      name: row.displayName ?? row.targetName,
      displayName: row.displayName,
    });
  }
  return groups;
}

/** `status_page:<id>`, the audit log's target of a status page. */
const target = (id: string) => `status_page:${id}`;

/** Fields of a page the audit log names when they change. */
const AUDITED: readonly (keyof StatusPageFields)[] = [
  'slug',
  'name',
  'description',
  'published',
  'showPostmortems',
  'publicUrl',
  'emailChannelId',
];

/**
 * Status pages and their layout. Each use case runs in one unit of work, in the organisation of
 * the request context: a command's write and its audit row commit or roll back together, an id
 * of another organisation is simply not found (row-level security), and the page's public
 * rendering is refreshed once the change commits. A slug is unique across organisations (the
 * public URL names no organisation): checked under an advisory lock on the slug, with the
 * `status_page_slug` lookup that lets the check see other organisations' pages of that slug.
 */
@Injectable()
export class StatusPageService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: StatusPageRepository,
    private readonly channels: NotificationChannelService,
    private readonly cache: StatusPageCache,
  ) {}

  list(): Promise<StatusPageSummary[]> {
    return this.uow.run(async () => (await this.repository.list()).map(toStatusPageSummary));
  }

  get(id: string): Promise<StatusPageDetail> {
    return this.uow.run(async () => {
      const row = await this.found(id);
      return {
        ...toStatusPageSummary(row),
        groups: toGroups(await this.repository.components(id)),
      };
    });
  }

  create(dto: CreateStatusPageDto): Promise<StatusPageDetail> {
    return this.uow.run(async (tx) => {
      await this.claimSlug(tx, dto.slug, null);
      if (dto.emailChannelId) await this.checkChannel(dto.emailChannelId);
      const row = await this.repository.create({
        slug: dto.slug,
        name: dto.name,
        description: dto.description ?? '',
        published: dto.published ?? false,
        showPostmortems: dto.showPostmortems ?? false,
        publicUrl: dto.publicUrl ?? null,
        emailChannelId: dto.emailChannelId ?? null,
      });
      await tx.audit({
        action: 'status_page_created',
        target: target(row.id),
        result: 'success',
        details: { name: row.name, slug: row.slug, published: row.published },
      });
      tx.afterCommit(() => this.cache.invalidate(row.slug));
      return { ...toStatusPageSummary(row), groups: [] };
    });
  }

  async update(id: string, dto: UpdateStatusPageDto): Promise<StatusPageDetail> {
    const clear = new Set(dto.clear ?? []);
    for (const field of clear) {
      if (dto[field] !== undefined) {
        throw new BadRequestException(`clear: ${field} is both given and cleared`);
      }
    }
    return this.uow.run(async (tx) => {
      const row = await this.locked(id);
      const before = { ...row };
      if (dto.slug && dto.slug !== row.slug) await this.claimSlug(tx, dto.slug, row.id);
      if (dto.emailChannelId) await this.checkChannel(dto.emailChannelId);
      const updated = await this.repository.update(row, {
        slug: dto.slug ?? row.slug,
        name: dto.name ?? row.name,
        description: dto.description ?? row.description,
        published: dto.published ?? row.published,
        showPostmortems: dto.showPostmortems ?? row.showPostmortems,
        publicUrl: clear.has('publicUrl') ? null : (dto.publicUrl ?? row.publicUrl),
        emailChannelId: clear.has('emailChannelId')
          ? null
          : (dto.emailChannelId ?? row.emailChannelId),
      });
      const changed = AUDITED.filter((field) => before[field] !== updated[field]);
      await tx.audit({
        action: 'status_page_updated',
        target: target(id),
        result: 'success',
        details: {
          name: updated.name,
          changed,
          ...(before.name !== updated.name ? { previousName: before.name } : {}),
          ...(before.slug !== updated.slug ? { previousSlug: before.slug } : {}),
        },
      });
      tx.afterCommit(() => this.cache.invalidate(before.slug, updated.slug));
      return {
        ...toStatusPageSummary(updated),
        groups: toGroups(await this.repository.components(id)),
      };
    });
  }

  delete(id: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const row = await this.locked(id);
      await this.repository.delete(row.id);
      await tx.audit({
        action: 'status_page_deleted',
        target: target(id),
        result: 'success',
        details: { name: row.name, slug: row.slug },
      });
      tx.afterCommit(() => this.cache.invalidate(row.slug));
    });
  }

  /**
   * Replaces the page's groups and components. 400 naming the field for a monitor or service
   * this organisation does not have, one shown twice, or more than the page may hold.
   */
  async replaceComponents(
    id: string,
    dto: ReplaceStatusPageComponentsDto,
  ): Promise<StatusPageDetail> {
    const placements: ComponentPlacement[] = [];
    const seen = new Set<string>();
    const groupNames = new Set<string>();
    dto.groups.forEach((group, g) => {
      if (groupNames.has(group.name)) {
        throw new BadRequestException(
          `groups[${g}].name: the group "${group.name}" is named twice`,
        );
      }
      groupNames.add(group.name);
      group.components.forEach((c, i) => {
        const key = `${c.kind}:${c.id}`;
        if (seen.has(key)) {
          throw new BadRequestException(
            `groups[${g}].components[${i}]: this ${c.kind} is already on the page`,
          );
        }
        seen.add(key);
        placements.push({
          groupName: group.name,
          groupPosition: g,
          position: i,
          kind: c.kind,
          targetId: c.id,
          displayName: c.displayName ?? null,
        });
      });
    });
    if (placements.length > STATUS_PAGE_RULES.componentsMax) {
      throw new BadRequestException(
        `groups: at most ${STATUS_PAGE_RULES.componentsMax} components on a page`,
      );
    }
    return this.uow.run(async (tx) => {
      const row = await this.locked(id);
      for (const kind of ['monitor', 'service'] as const) {
        const ids = placements.filter((p) => p.kind === kind).map((p) => p.targetId);
        const existing = await this.repository.existingTargets(kind, ids);
        const unknown = placements.find((p) => p.kind === kind && !existing.has(p.targetId));
        if (unknown) {
          throw new BadRequestException(
            `groups[${unknown.groupPosition}].components[${unknown.position}].id: no ${kind} of this organisation has this id`,
          );
        }
      }
      await this.repository.replaceComponents(id, placements);
      await tx.audit({
        action: 'status_page_updated',
        target: target(id),
        result: 'success',
        details: {
          name: row.name,
          changed: ['components'],
          groups: dto.groups.length,
          components: placements.length,
        },
      });
      tx.afterCommit(() => this.cache.invalidate(row.slug));
      return {
        ...toStatusPageSummary(row),
        groups: toGroups(await this.repository.components(id)),
      };
    });
  }

  /** The page, locked until commit (its changes serialise); 404 when not this organisation's. */
  private async locked(id: string): Promise<StatusPageEntity> {
    const row = await this.repository.lock(id);
    if (!row) throw new NotFoundException('Status page not found');
    return row;
  }

  private async found(id: string): Promise<StatusPageEntity> {
    const row = await this.repository.findById(id);
    if (!row) throw new NotFoundException('Status page not found');
    return row;
  }

  /**
   * 409 unless no other page, of any organisation, has the slug. The advisory lock on the slug
   * is held until this transaction ends, so a concurrent claim waits and then sees this one's
   * page. The check reads committed pages of every organisation in a transaction of its own
   * (the `status_page_slug` lookup), so this command's transaction never sees a row of
   * another organisation.
   */
  private async claimSlug(tx: Tx, slug: string, exceptId: string | null): Promise<void> {
    await tx.lock(`status_page_slug:${slug}`);
    const taken = await this.uow.run(() => this.repository.slugTaken(slug, exceptId), {
      organizationId: null,
      lookups: { status_page_slug: slug },
      independent: true,
    });
    if (taken) {
      throw new ConflictException(`slug: "${slug}" is already the address of a status page`);
    }
  }

  /** 400 unless the id is an email notification channel of this organisation. */
  private async checkChannel(id: string): Promise<void> {
    const channel = await this.channels.get(id).catch((error: unknown) => {
      if (error instanceof NotFoundException) return null;
      throw error;
    });
    if (!channel) {
      throw new BadRequestException('emailChannelId: no notification channel has this id');
    }
    if (channel.kind !== 'email') {
      throw new BadRequestException(
        `emailChannelId: "${channel.name}" is a ${channel.kind} channel, not an email one`,
      );
    }
  }
}
