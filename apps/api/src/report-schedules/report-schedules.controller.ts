import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ReportScheduleRecord } from '@meshguard/db';
import { Actor } from '../auth/actor.decorator.js';
import type { RequestContext } from '../auth/request-context.js';
import { PageQueryDto } from '../common/pagination.dto.js';
import { scopeView } from '../reports/report-scope.js';
import { nextRuns } from './next-runs.js';
import { CreateReportScheduleDto, ReportScheduleDto, ReportSchedulePageDto, UpdateReportScheduleDto } from './report-schedule.dto.js';
import { ReportSchedulesService } from './report-schedules.service.js';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/report-schedules')
export class ReportSchedulesController {
  constructor(private readonly schedules: ReportSchedulesService) {}

  @Post()
  @ApiCreatedResponse({ type: ReportScheduleDto })
  async create(@Actor() actor: RequestContext, @Body() body: CreateReportScheduleDto): Promise<ReportScheduleDto> {
    return scheduleView(await this.schedules.create(actor, body));
  }

  @Get()
  @ApiOkResponse({ type: ReportSchedulePageDto, description: 'Schedules, newest first, with their next run times.' })
  async list(@Query() page: PageQueryDto): Promise<ReportSchedulePageDto> {
    const found = await this.schedules.list(page);
    return { items: found.items.map(scheduleView), nextCursor: found.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: ReportScheduleDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ReportScheduleDto> {
    return scheduleView(await this.schedules.get(id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: ReportScheduleDto })
  async update(@Actor() actor: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateReportScheduleDto): Promise<ReportScheduleDto> {
    return scheduleView(await this.schedules.update(actor, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted: no further run starts; reports it made stay until their retention ends.' })
  delete(@Actor() actor: RequestContext, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.schedules.delete(actor, id);
  }
}

function scheduleView(schedule: ReportScheduleRecord): ReportScheduleDto {
  return { ...schedule, scope: scopeView(schedule.scope), nextRuns: nextRuns(schedule, new Date()) };
}
