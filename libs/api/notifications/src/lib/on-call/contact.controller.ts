import { AuditRefusal } from '@hyperion/api/audit';
import { RequirePermissions } from '@hyperion/api/core';
import type { ContactSummary, NotificationPreferences } from '@hyperion/contracts';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { ContactService } from './contact.service';
import { CreateContactDto, UpdateContactDto } from './dto/contact.dto';
import { UpdatePreferencesDto } from './dto/preferences.dto';

/** `/api/v1/contacts` (ON_CALL_ROUTES): parse, authorise, delegate. */
@ApiTags('contacts')
@ApiBearerAuth()
@Controller({ path: 'contacts', version: '1' })
export class ContactController {
  constructor(private readonly service: ContactService) {}

  @Get()
  @RequirePermissions('notifications:read')
  list(): Promise<ContactSummary[]> {
    return this.service.list();
  }

  @Get(':id')
  @RequirePermissions('notifications:read')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ContactSummary> {
    return this.service.get(id);
  }

  @Post()
  @RequirePermissions('notifications:write')
  create(@Body() dto: CreateContactDto): Promise<ContactSummary> {
    return this.service.create(dto);
  }

  @Patch(':id')
  @RequirePermissions('notifications:write')
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateContactDto,
  ): Promise<ContactSummary> {
    return this.service.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions('notifications:write')
  delete(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.service.delete(id);
  }

  /** A new iCal feed token (the old URL stops working); answers the contact with its new icalUrl. */
  @Post(':id/ical-token')
  @HttpCode(200)
  @RequirePermissions('notifications:write')
  rotateIcalToken(@Param('id', new ParseUUIDPipe()) id: string): Promise<ContactSummary> {
    return this.service.rotateIcalToken(id);
  }

  /** notifications:read, or the caller's own contact (checked by the service). */
  @Get(':id/notification-rules')
  getPreferences(@Param('id', new ParseUUIDPipe()) id: string): Promise<NotificationPreferences> {
    return this.service.getPreferences(id);
  }

  /** notifications:write, or the caller's own contact (checked by the service). */
  @Put(':id/notification-rules')
  @AuditRefusal('notification_rules_updated')
  updatePreferences(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdatePreferencesDto,
  ): Promise<NotificationPreferences> {
    return this.service.updatePreferences(id, dto);
  }
}
