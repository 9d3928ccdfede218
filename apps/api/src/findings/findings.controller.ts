import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { JsonTextResponse } from '../common/json-text.js';
import { TenantReads } from '../tenancy/tenant-transactions.js';
import { FindingDto, FindingPageDto, FindingQueryDto } from './finding.dto.js';
import { FindingsService } from './findings.service.js';

@ApiTags('findings')
@ApiBearerAuth()
@Controller('v1/findings')
export class FindingsController {
  constructor(private readonly findings: FindingsService) {}

  @Get()
  @TenantReads()
  @JsonTextResponse()
  @ApiOkResponse({ type: FindingPageDto, description: 'Worst first (severity, then id); stable across pages.' })
  list(@Query() query: FindingQueryDto): Promise<string> {
    return this.findings.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: FindingDto, description: 'One finding of a stored scan, with its rule (rationale, remediation, controls).' })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<FindingDto> {
    return this.findings.get(id);
  }
}
