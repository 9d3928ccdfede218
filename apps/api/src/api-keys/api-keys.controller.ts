import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor.decorator.js';
import { RequireRole } from '../auth/auth.decorators.js';
import type { RequestContext } from '../auth/request-context.js';
import { ApiKeyDto, ApiKeyListDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-key.dto.js';
import { ApiKeysService } from './api-keys.service.js';

@ApiTags('api-keys')
@ApiBearerAuth()
@RequireRole('owner')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @ApiOkResponse({ type: ApiKeyListDto })
  async list(): Promise<ApiKeyListDto> {
    return { items: await this.keys.list() };
  }

  // Every role may ask who it is: the dashboard shows or hides actions by the answer.
  @Get('current')
  @RequireRole('auditor')
  @ApiOkResponse({ type: ApiKeyDto, description: 'The API key making this request: its name, role and expiry.' })
  current(@Actor() actor: RequestContext): Promise<ApiKeyDto> {
    return this.keys.current(actor);
  }

  @Post()
  @ApiCreatedResponse({ type: CreatedApiKeyDto, description: 'The key; its token is shown only here.' })
  create(@Actor() actor: RequestContext, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.keys.create(actor, body);
  }

  @Delete(':id')
  @ApiOkResponse({ type: ApiKeyDto, description: 'The revoked key. This API process refuses it at once; others within 5 seconds (their verified-key cache).' })
  revoke(@Actor() actor: RequestContext, @Param('id', new ParseUUIDPipe()) id: string): Promise<ApiKeyDto> {
    return this.keys.revoke(actor, id);
  }
}
