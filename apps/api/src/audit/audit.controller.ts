import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditRepository } from '@meshguard/db';
import { RequireRole } from '../auth/auth.decorators.js';
import { AuditEventPageDto, AuditQueryDto } from './audit.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  @RequireRole('owner')
  @ApiOkResponse({ type: AuditEventPageDto, description: 'Mutations, newest first. Owners only.' })
  list(@Query() query: AuditQueryDto): Promise<AuditEventPageDto> {
    return this.audit.list(query);
  }
}
