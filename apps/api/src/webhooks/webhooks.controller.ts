import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor.decorator.js';
import { OwnTransactions } from '../tenancy/tenant-transactions.js';
import type { RequestContext } from '../auth/request-context.js';
import { PageQueryDto } from '../common/pagination.dto.js';
import { CreatedWebhookDto, CreateWebhookDto, WebhookDeliveryPageDto, WebhookListDto } from './webhook.dto.js';
import { WebhooksService } from './webhooks.service.js';

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOkResponse({ type: WebhookListDto })
  async list(@Actor() actor: RequestContext): Promise<WebhookListDto> {
    return { items: await this.webhooks.list(actor) };
  }

  @Post()
  @OwnTransactions()
  @ApiCreatedResponse({ type: CreatedWebhookDto, description: 'Registered; its signing secret is shown only here.' })
  create(@Actor() actor: RequestContext, @Body() body: CreateWebhookDto): Promise<CreatedWebhookDto> {
    return this.webhooks.create(actor, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted with its delivery log.' })
  delete(@Actor() actor: RequestContext, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.webhooks.delete(actor, id);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: WebhookDeliveryPageDto, description: 'Delivery attempts, newest first.' })
  deliveries(@Param('id', new ParseUUIDPipe()) id: string, @Query() page: PageQueryDto): Promise<WebhookDeliveryPageDto> {
    return this.webhooks.deliveries(id, page);
  }
}
