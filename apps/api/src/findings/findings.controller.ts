import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FindingPageDto, FindingQueryDto } from './finding.dto.js';
import { FindingsService } from './findings.service.js';

@ApiTags('findings')
@ApiBearerAuth()
@Controller('v1/findings')
export class FindingsController {
  constructor(private readonly findings: FindingsService) {}

  @Get()
  @ApiOkResponse({ type: FindingPageDto, description: 'Worst first (severity, then id); stable across pages.' })
  list(@Query() query: FindingQueryDto): Promise<FindingPageDto> {
    return this.findings.list(query);
  }
}
