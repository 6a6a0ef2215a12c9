import { PERMISSIONS_KEY } from '@hyperion/api/core';
import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';

import { CreateOrganizationDto, UpdateOrganizationDto } from './dto/organization.dto';
import { OrganizationsController } from './organizations.controller';

/** Controller-level: who may call it, and what it accepts (no database, no HTTP). */
describe('OrganizationsController', () => {
  const pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
  const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({
    type: 'body',
    metatype,
  });

  async function refusal(dto: ArgumentMetadata['metatype'], value: unknown): Promise<string[]> {
    try {
      await pipe.transform(value, body(dto));
    } catch (error) {
      if (error instanceof BadRequestException) {
        return (error.getResponse() as { message: string[] }).message;
      }
      throw error;
    }
    return [];
  }

  it('needs platform:admin for every route', () => {
    expect(Reflect.getMetadata(PERMISSIONS_KEY, OrganizationsController)).toEqual([
      'platform:admin',
    ]);
  });

  it('accepts a name and a slug', async () => {
    expect(await refusal(CreateOrganizationDto, { name: 'Beta team', slug: 'beta-team' })).toEqual(
      [],
    );
  });

  it.each([
    [{ name: 'Beta', slug: 'Beta' }, /^slug must be 1 to 48 lower-case letters/],
    [{ name: 'Beta', slug: '-beta' }, /^slug must be/],
    [{ name: 'Beta', slug: 'b'.repeat(49) }, /^slug must be/],
    [{ name: '', slug: 'beta' }, /^name must not be empty/],
    [{ name: 'x'.repeat(129), slug: 'beta' }, /^name must be shorter than or equal to 128/],
    [{ name: 'Beta', slug: 'beta', owner: 'me' }, /^property owner should not exist/],
  ])('refuses %j naming the field', async (value, message) => {
    const messages = await refusal(CreateOrganizationDto, value);
    expect(messages.some((m) => message.test(m))).toBe(true);
  });

  it('takes disabled as a boolean only', async () => {
    expect(await refusal(UpdateOrganizationDto, { disabled: true })).toEqual([]);
    expect(await refusal(UpdateOrganizationDto, { disabled: 'yes' })).toEqual([
      'disabled must be true or false',
    ]);
  });
});
