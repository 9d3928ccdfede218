import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TenantReads } from '../tenancy/tenant-transactions.js';
import { DriftDto, DriftQueryDto, FleetPageDto, FleetQueryDto } from './fleet.dto.js';
import { FleetService } from './fleet.service.js';

@ApiTags('fleet')
@ApiBearerAuth()
@TenantReads()
@Controller('v1/fleet')
export class FleetController {
  constructor(private readonly fleet: FleetService) {}

  @Get()
  @ApiOkResponse({ type: FleetPageDto, description: 'Every cluster with its latest scan, score, change, Kubernetes support and coverage; worst first.' })
  overview(@Query() query: FleetQueryDto): Promise<FleetPageDto> {
    return this.fleet.overview(query);
  }

  @Get('drift')
  @ApiOkResponse({ type: DriftDto, description: 'Rules and framework controls failing on one side and passing on the other, and namespaces with default-deny on one side only.' })
  drift(@Query() query: DriftQueryDto): Promise<DriftDto> {
    return this.fleet.drift(query);
  }
}
