import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TenantReads } from '../tenancy/tenant-transactions.js';
import { MttrDto, MttrQueryDto, TrendDto, TrendQueryDto } from './trends.dto.js';
import { TrendsService } from './trends.service.js';

@ApiTags('trends')
@ApiBearerAuth()
@TenantReads()
@Controller('v1/trends')
export class TrendsController {
  constructor(private readonly trends: TrendsService) {}

  @Get()
  @ApiOkResponse({ type: TrendDto, description: 'Series per bucket from the stored per-scan summaries: each bucket aggregates the last scan of each cluster in it.' })
  series(@Query() query: TrendQueryDto): Promise<TrendDto> {
    return this.trends.series(query);
  }

  @Get('mttr')
  @ApiOkResponse({ type: MttrDto, description: 'Mean time to resolve and age of open findings, from the finding lifecycle.' })
  mttr(@Query() query: MttrQueryDto): Promise<MttrDto> {
    return this.trends.mttr(query);
  }
}
