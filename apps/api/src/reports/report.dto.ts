import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../common/pagination.dto.js';

export const storedReportFormats = ['json', 'csv', 'html', 'pdf', 'sarif', 'oscal'] as const;
export const reportStatuses = ['queued', 'running', 'ready', 'failed'] as const;

export class ReportScopeDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One cluster.' })
  @IsOptional()
  @IsString()
  clusterId?: string;

  @ApiPropertyOptional({ example: 'env=prod,team=payments', description: 'The clusters carrying every one of these labels.' })
  @IsOptional()
  @IsString()
  @Length(3, 2000)
  selector?: string;

  @ApiPropertyOptional({ description: 'Every cluster of the tenant.' })
  @IsOptional()
  @IsBoolean()
  fleet?: boolean;
}

export class ReportScopeViewDto {
  @ApiProperty({ enum: ['cluster', 'selector', 'fleet'] }) kind!: 'cluster' | 'selector' | 'fleet';
  @ApiPropertyOptional({ format: 'uuid' }) clusterId?: string;
  @ApiPropertyOptional({ example: 'env=prod' }) selector?: string;
}

export class CreateReportDto {
  @ApiProperty({ example: 'cis-k8s-v1.10', description: 'A framework id (see the rules catalog).' })
  @IsString()
  @Length(1, 100)
  framework!: string;

  @ApiProperty({ enum: storedReportFormats, example: 'pdf' })
  @IsString()
  format!: string;

  @ApiProperty({ type: ReportScopeDto, description: 'Exactly one of clusterId, selector or fleet: true.' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ReportScopeDto)
  scope!: ReportScopeDto;

  @ApiPropertyOptional({ description: 'The point in time the report describes (default: now); each cluster\'s latest scan finished at or before it is used.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}

export class ReportQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: reportStatuses })
  @IsOptional()
  @IsIn(reportStatuses)
  status?: (typeof reportStatuses)[number];

  @ApiPropertyOptional({ example: 'cis-k8s-v1.10' })
  @IsOptional()
  @IsString()
  framework?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Reports made by this schedule.' })
  @IsOptional()
  @IsUUID()
  scheduleId?: string;
}

export class ReportSignatureViewDto {
  @ApiProperty({ example: 'sha256:3a…', description: 'The signing key; its public key is listed at /v1/reports/signing-keys.' }) keyId!: string;
  @ApiProperty({ description: 'Base64 Ed25519 signature over the report digest (see docs/reports.md).' }) value!: string;
}

export class ReportLinksDto {
  @ApiProperty() self!: string;
  @ApiProperty() download!: string;
  @ApiProperty() signature!: string;
}

export class ReportDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() framework!: string;
  @ApiProperty({ type: ReportScopeViewDto }) scope!: ReportScopeViewDto;
  @ApiProperty() asOf!: Date;
  @ApiProperty({ enum: storedReportFormats }) format!: string;
  @ApiProperty({ enum: reportStatuses }) status!: string;
  @ApiProperty({ enum: ['api', 'schedule'] }) trigger!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) scheduleId!: string | null;
  @ApiProperty({ nullable: true, type: String }) failureReason!: string | null;
  @ApiProperty({ nullable: true, type: String }) mediaType!: string | null;
  @ApiProperty({ nullable: true, type: String }) fileName!: string | null;
  @ApiProperty({ nullable: true, type: Number }) sizeBytes!: number | null;
  @ApiProperty({ nullable: true, type: String, description: '`sha256:` and the hex SHA-256 of the stored bytes.' }) digest!: string | null;
  @ApiProperty({ nullable: true, type: ReportSignatureViewDto }) signature!: ReportSignatureViewDto | null;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { clusterId: { type: 'string' }, scanId: { type: 'string', nullable: true } } }, description: 'The scan each cluster in scope was reported from (null: none at asOf).' })
  scans!: { clusterId: string; scanId: string | null }[];
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: 'Headline numbers: status, score, control and cluster counts.' })
  summary!: Record<string, unknown> | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) startedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) finishedAt!: Date | null;
  @ApiProperty({ description: 'When retention deletes it.' }) expiresAt!: Date;
  @ApiProperty({ type: ReportLinksDto }) links!: ReportLinksDto;
}

export class ReportPageDto {
  @ApiProperty({ type: [ReportDto] }) items!: ReportDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class SigningKeyDto {
  @ApiProperty({ example: 'sha256:3a…' }) keyId!: string;
  @ApiProperty({ example: 'Ed25519' }) algorithm!: string;
  @ApiProperty({ description: 'SPKI PEM; give it to `meshguard report verify --public-key`.' }) publicKeyPem!: string;
  @ApiProperty({ enum: ['active', 'retired'] }) status!: 'active' | 'retired';
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) retiredAt!: Date | null;
}

export class SigningKeyListDto {
  @ApiProperty({ type: [SigningKeyDto], description: 'The active key first, then retired keys (still valid for reports they signed).' })
  items!: SigningKeyDto[];
}

export class ReportDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['email'] }) channel!: string;
  @ApiProperty() recipient!: string;
  @ApiProperty({ description: '1 for the first attempt.' }) attempt!: number;
  @ApiProperty({ enum: ['delivered', 'retryable', 'failed'] }) outcome!: string;
  @ApiProperty({ description: 'Attached (true) or linked because it was over REPORT_EMAIL_ATTACH_MAX_BYTES (false).' }) attached!: boolean;
  @ApiProperty({ nullable: true, type: String }) messageId!: string | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ nullable: true, type: Number }) durationMs!: number | null;
  @ApiProperty() createdAt!: Date;
}

export class ReportDeliveryListDto {
  @ApiProperty({ type: [ReportDeliveryDto], description: 'Email delivery attempts, oldest first; report.ready webhooks log under /v1/webhooks/{id}/deliveries.' })
  items!: ReportDeliveryDto[];
}
