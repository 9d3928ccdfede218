import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiNoContentResponse, ApiNotModifiedResponse, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Actor } from '../auth/actor.decorator.js';
import { idempotencyKeyHeader } from '../common/idempotency.interceptor.js';
import { Idempotent } from '../common/idempotent.decorator.js';
import { RequireRole } from '../auth/auth.decorators.js';
import { OwnTransactions } from '../tenancy/tenant-transactions.js';
import type { RequestContext } from '../auth/request-context.js';
import { CreateReportDto, ReportDeliveryListDto, ReportDto, ReportPageDto, ReportQueryDto, SigningKeyDto, SigningKeyListDto } from './report.dto.js';
import { reportView } from './report-view.js';
import { ReportDownloadService } from './report-download.service.js';
import { ReportsService } from './reports.service.js';
import { SigningKeysService } from './signing-keys.service.js';

/** Registered before ReportsController, so /v1/reports/signing-keys is not taken for a report id. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports/signing-keys')
export class SigningKeysController {
  constructor(private readonly keys: SigningKeysService) {}

  @Get()
  @ApiOkResponse({ type: SigningKeyListDto, description: 'Public keys that verify this tenant\'s report signatures, by key id.' })
  async list(): Promise<SigningKeyListDto> {
    return { items: await this.keys.list() };
  }

  @Post('rotate')
  @RequireRole('owner')
  @HttpCode(201)
  @ApiCreatedResponse({ type: SigningKeyDto, description: 'The new active key; the previous one stays published as retired.' })
  rotate(@Actor() actor: RequestContext): Promise<SigningKeyDto> {
    return this.keys.rotate(actor);
  }
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly downloads: ReportDownloadService,
  ) {}

  @Post()
  // Producing a report changes nothing it reports on: auditors, whose job it is, may request one.
  @RequireRole('auditor')
  @Idempotent('Repeating a request with the same key returns the same report and queues nothing.')
  @ApiAcceptedResponse({ type: ReportDto, description: 'Queued; `Location` points at the report. Poll it until status is ready.' })
  @ApiOkResponse({ type: ReportDto, description: 'A repeat (same Idempotency-Key): the report the first request created.' })
  async create(
    @Actor() actor: RequestContext,
    @Body() body: CreateReportDto,
    @Headers(idempotencyKeyHeader) idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReportDto> {
    const { report, created } = await this.reports.create(actor, body, idempotencyKey ?? null);
    response.status(created ? 202 : 200).location(`/v1/reports/${report.id}`);
    return reportView(report);
  }

  @Get()
  @ApiOkResponse({ type: ReportPageDto, description: 'Reports, newest first.' })
  async list(@Query() query: ReportQueryDto): Promise<ReportPageDto> {
    const page = await this.reports.list(query);
    return { items: page.items.map(reportView), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: ReportDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ReportDto> {
    return reportView(await this.reports.get(id));
  }

  @Get(':id/download')
  @OwnTransactions()
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of a copy you hold: 304 when it is current.' })
  @ApiOkResponse({
    description: 'The report\'s bytes, streamed, with Content-Disposition, ETag, Repr-Digest (sha-256), X-Meshguard-Signature and X-Meshguard-Signing-Key. 409 while it is not ready. JSON and SARIF reports are JSON documents (docs/compliance-report.schema.json, SARIF 2.1.0); the other formats are files.',
    content: {
      'application/json': { schema: { type: 'object', additionalProperties: true } },
      'application/sarif+json': { schema: { type: 'object', additionalProperties: true } },
      'text/csv': { schema: { type: 'string' } },
      'text/html': { schema: { type: 'string' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
      'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiNotModifiedResponse({ description: 'Your copy (If-None-Match) is current.' })
  async download(
    @Actor() actor: RequestContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const download = await this.downloads.open(actor.principal.tenantId, id, ifNoneMatch);
    response.set(download.headers);
    if (!download.body) {
      response.removeHeader('Content-Length');
      response.status(304).end();
      return;
    }
    response.status(200);
    // Once bytes are on the wire no problem response can follow: a failure mid-stream cuts the connection, and the
    // client's digest check fails instead of it taking a truncated file for the report.
    await pipeline(download.body, response).catch(() => response.destroy());
  }

  @Get(':id/signature')
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'The detached signature file (`<report>.sig`) for `meshguard report verify --signature`.', schema: { type: 'object', additionalProperties: true } })
  async signature(@Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) response: Response): Promise<Record<string, unknown>> {
    const file = await this.reports.signatureFile(id);
    response.set('Content-Disposition', `attachment; filename="${file.fileName.replace(/["\\\r\n]/g, '_')}"`);
    return JSON.parse(file.body) as Record<string, unknown>;
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: ReportDeliveryListDto })
  async deliveries(@Param('id', new ParseUUIDPipe()) id: string): Promise<ReportDeliveryListDto> {
    return { items: await this.reports.deliveries(id) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted with its bytes and delivery log.' })
  delete(@Actor() actor: RequestContext, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.reports.delete(actor, id);
  }
}
