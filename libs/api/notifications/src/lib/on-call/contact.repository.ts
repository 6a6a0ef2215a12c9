import { UnitOfWork } from '@hyperion/api/core';
import { Injectable } from '@nestjs/common';
import { In, Repository } from 'typeorm';

import { ContactEntity } from './entities/contact.entity';
import { withConflicts } from './unique-conflict';

/** The fields a use case sets; the organisation comes from the unit of work. */
export type ContactFields = Pick<
  ContactEntity,
  | 'name'
  | 'userId'
  | 'email'
  | 'phone'
  | 'handles'
  | 'timeZone'
  | 'icalToken'
  | 'notificationPreferences'
>;

const conflicts = (fields: Partial<ContactFields>) => ({
  contact_organization_name_key: `A contact named "${fields.name}" already exists`,
  contact_organization_user_key: 'userId: that user already has a contact in this organisation',
  contact_organization_ical_token_key: 'The iCal token collided; try again',
});

/** The only TypeORM code of contacts; every call runs inside a unit of work (RLS applies). */
@Injectable()
export class ContactRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get rows(): Repository<ContactEntity> {
    return this.uow.manager.getRepository(ContactEntity);
  }

  list(): Promise<ContactEntity[]> {
    return this.rows.find({ order: { name: 'ASC', id: 'ASC' } });
  }

  findById(id: string): Promise<ContactEntity | null> {
    return this.rows.findOneBy({ id });
  }

  findByIds(ids: readonly string[]): Promise<ContactEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.rows.findBy({ id: In([...new Set(ids)]) });
  }

  /**
   * The contact whose iCal token is `token`, in any organisation: only inside a unit of work
   * opened with the lookup `contact_ical_token` set to the same token.
   */
  findByIcalToken(token: string): Promise<ContactEntity | null> {
    return this.rows.findOneBy({ icalToken: token });
  }

  /** Whether `userId` is a member of this unit of work's organisation. */
  async isMember(userId: string): Promise<boolean> {
    // The membership policy also shows the caller's own memberships elsewhere: name the organisation.
    const rows: unknown[] = await this.uow.manager.query(
      `SELECT 1 FROM "membership" WHERE "organization_id" = $1 AND "user_id" = $2`,
      [this.uow.organizationId, userId],
    );
    return rows.length > 0;
  }

  /** Names of the schedules whose layers name this contact. */
  async schedulesNaming(contactId: string): Promise<string[]> {
    const rows: { name: string }[] = await this.uow.manager.query(
      `SELECT s."name" FROM "schedule" s
        WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(s."layers") l
                       WHERE l->'memberIds' ? $1)
        ORDER BY s."name"`,
      [contactId],
    );
    return rows.map((r) => r.name);
  }

  create(fields: ContactFields): Promise<ContactEntity> {
    return this.save(this.rows.create({ ...fields, organizationId: this.uow.organizationId }));
  }

  update(row: ContactEntity, fields: Partial<ContactFields>): Promise<ContactEntity> {
    return this.save(this.rows.merge(row, fields));
  }

  async delete(id: string): Promise<void> {
    await this.rows.delete({ id });
  }

  private save(row: ContactEntity): Promise<ContactEntity> {
    return withConflicts(() => this.rows.save(row), conflicts(row));
  }
}
