import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor.decorator.js';
import type { RequestContext } from '../auth/request-context.js';
import { CreateExceptionDto, ExceptionDto, ExceptionPageDto, ExceptionQueryDto } from './exception.dto.js';
import { ExceptionsService } from './exceptions.service.js';

@ApiTags('exceptions')
@ApiBearerAuth()
@Controller('v1/exceptions')
export class ExceptionsController {
  constructor(private readonly exceptions: ExceptionsService) {}

  @Get()
  @ApiOkResponse({ type: ExceptionPageDto, description: 'Waivers, newest first; `state=active` (default) lists those in force.' })
  list(@Query() query: ExceptionQueryDto): Promise<ExceptionPageDto> {
    return this.exceptions.list(query);
  }

  @Post()
  @ApiCreatedResponse({ type: ExceptionDto, description: 'Applies from the next scan until it expires or is revoked.' })
  create(@Actor() actor: RequestContext, @Body() body: CreateExceptionDto): Promise<ExceptionDto> {
    return this.exceptions.create(actor, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: ExceptionDto })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ExceptionDto> {
    return this.exceptions.get(id);
  }

  @Delete(':id')
  @ApiOkResponse({ type: ExceptionDto, description: 'Revoked: it stops applying at the next scan; the record stays.' })
  revoke(@Actor() actor: RequestContext, @Param('id', new ParseUUIDPipe()) id: string): Promise<ExceptionDto> {
    return this.exceptions.revoke(actor, id);
  }
}
