import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length } from 'class-validator';

const eventTypes = ['scan.new_findings', 'report.ready', 'webhook.ping'] as const;

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hooks.example.com/meshguard', description: 'Where events are POSTed; never a private, loopback or metadata address.' })
  @IsString()
  @Length(8, 2048)
  url!: string;

  @ApiPropertyOptional({ type: [String], enum: eventTypes, description: 'Event types to deliver; omit for all.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(eventTypes, { each: true })
  events?: (typeof eventTypes)[number][];
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: [String] }) events!: string[];
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Why delivery stopped (e.g. the receiver answered 410 Gone).' })
  disabledReason!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({ description: 'Signing secret for Meshguard-Signature (docs/webhooks.md). Shown only in this response.' })
  secret!: string;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] }) items!: WebhookDto[];
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty() attempt!: number;
  @ApiProperty({ enum: ['delivered', 'retryable', 'failed', 'gone'] }) outcome!: string;
  @ApiProperty({ nullable: true, type: Number }) statusCode!: number | null;
  @ApiProperty({ nullable: true, type: Number }) durationMs!: number | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ nullable: true, type: Date }) deliveredAt!: Date | null;
  @ApiProperty() createdAt!: Date;
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) items!: WebhookDeliveryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
