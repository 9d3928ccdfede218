import { Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../auth/actor.decorator.js';
import type { RequestContext } from '../auth/request-context.js';
import { idempotencyKeyHeader } from '../common/idempotency.interceptor.js';
import { Idempotent } from '../common/idempotent.decorator.js';
import { PageQueryDto } from '../common/pagination.dto.js';
import { ScanDto, ScanPageDto } from './scan.dto.js';
import { ScansService } from './scans.service.js';

@ApiTags('scans')
@ApiBearerAuth()
@Controller('v1')
export class ScansController {
  constructor(private readonly scans: ScansService) {}

  @Post('clusters/:id/scans')
  @Idempotent('Repeating a request with the same key returns the same scan.')
  @ApiAcceptedResponse({ type: ScanDto, description: 'Queued; `Location` points at the scan. An already active scan is returned with 200.' })
  @ApiOkResponse({ type: ScanDto, description: 'A scan of this cluster was already queued or running; that one is returned.' })
  async request(
    @Actor() actor: RequestContext,
    @Param('id', new ParseUUIDPipe()) clusterId: string,
    @Headers(idempotencyKeyHeader) idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ScanDto> {
    const { scan, created } = await this.scans.request(actor, clusterId, idempotencyKey ?? null);
    response.status(created ? 202 : 200).location(`/v1/scans/${scan.id}`);
    return scan;
  }

  @Get('clusters/:id/scans')
  @ApiOkResponse({ type: ScanPageDto, description: 'Scans of the cluster, newest first.' })
  list(@Param('id', new ParseUUIDPipe()) clusterId: string, @Query() page: PageQueryDto): Promise<ScanPageDto> {
    return this.scans.listForCluster(clusterId, page);
  }

  @Get('scans/:id')
  @ApiOkResponse({ type: ScanDto })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ScanDto> {
    return this.scans.get(id);
  }
}
