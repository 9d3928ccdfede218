import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { TenantRepository } from '@meshguard/db';
import { DomainError } from '../problems/domain-error.js';

export class TenantDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() slug!: string;
  @ApiProperty({ description: 'Findings older than this are deleted; per-scan summaries stay.' }) retentionDays!: number;
  @ApiProperty() createdAt!: Date;
}

@ApiTags('tenant')
@ApiBearerAuth()
@Controller('v1/tenant')
export class TenantController {
  constructor(private readonly tenants: TenantRepository) {}

  @Get()
  @ApiOkResponse({ type: TenantDto, description: 'The tenant of the calling API key.' })
  async current(): Promise<TenantDto> {
    const tenant = await this.tenants.current();
    if (!tenant) throw new DomainError('not-found', 'The tenant of this key no longer exists.');
    return tenant;
  }
}
