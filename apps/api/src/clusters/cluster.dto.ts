import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { PageQueryDto, pageQueryChecks } from '../common/pagination.dto.js';
import { asciiOfLength, matching, precompileQuery } from '../common/precompiled-query.js';

const clusterName = /^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$/;
const clusterNameMessage = 'name must be 1-63 lowercase letters, digits, dots or dashes, starting and ending with a letter or digit';

export class ScheduleDto {
  @ApiProperty({ example: '0 3 * * *', description: 'Five-field cron expression.' })
  @IsString()
  @Length(9, 100)
  cron!: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', default: 'UTC', description: 'IANA time zone the cron runs in.' })
  @IsOptional()
  @IsString()
  timezone?: string;
}

export class RegisterClusterDto {
  @ApiProperty({ example: 'prod-eu-1' })
  @IsString()
  @Matches(clusterName, { message: clusterNameMessage })
  name!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { env: 'prod', team: 'payments' } })
  @IsOptional()
  @IsObject()
  labels?: Record<string, string>;

  @ApiProperty({
    description: 'The kubeconfig, as YAML or JSON text, or as a JSON object. Only inline credentials are accepted.',
    oneOf: [{ type: 'string' }, { type: 'object' }],
  })
  @IsDefined()
  kubeconfig!: string | Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Context to use; default: the kubeconfig\'s current-context.' })
  @IsOptional()
  @IsString()
  context?: string;

  @ApiPropertyOptional({ type: ScheduleDto })
  @IsOptional()
  // ValidateNested alone lets an array through (it validates its elements); a schedule is one object.
  @IsObject()
  @ValidateNested()
  @Type(() => ScheduleDto)
  schedule?: ScheduleDto;

  @ApiPropertyOptional({ default: false, description: 'Accept `insecure-skip-tls-verify` in the kubeconfig (not recommended).' })
  @IsOptional()
  @IsBoolean()
  allowInsecureTls?: boolean;
}

export class UpdateClusterDto {
  @ApiPropertyOptional({ example: 'prod-eu-1' })
  @IsOptional()
  @IsString()
  @Matches(clusterName, { message: clusterNameMessage })
  name?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  labels?: Record<string, string>;

  @ApiPropertyOptional({ description: 'A replacement kubeconfig; verified like at registration.', oneOf: [{ type: 'string' }, { type: 'object' }] })
  @IsOptional()
  kubeconfig?: string | Record<string, unknown>;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  context?: string;

  @ApiPropertyOptional({ type: ScheduleDto, nullable: true, description: '`null` removes the schedule.' })
  @IsOptional()
  // ValidateNested alone lets an array through (it validates its elements); a schedule is one object.
  @IsObject()
  @ValidateNested()
  @Type(() => ScheduleDto)
  schedule?: ScheduleDto | null;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  allowInsecureTls?: boolean;
}

const labelSelectorForm = /^[^=,\s]+=[^=,\s]*(,[^=,\s]+=[^=,\s]*)*$/;

export class ClusterQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Label selector: `key=value` pairs separated by commas; all must match.', example: 'env=prod,team=payments' })
  @IsOptional()
  @IsString()
  @Matches(labelSelectorForm, { message: 'label must be key=value pairs separated by commas' })
  label?: string;

  @ApiPropertyOptional({ description: 'Case-insensitive part of the name.' })
  @IsOptional()
  @IsString()
  @Length(1, 63)
  name?: string;
}

// The same rules as the decorators above, for the common valid query (precompiled-query.ts).
precompileQuery(ClusterQueryDto, { ...pageQueryChecks, label: matching(labelSelectorForm), name: asciiOfLength(1, 63) });

export class ClusterScheduleDto {
  @ApiProperty() cron!: string;
  @ApiProperty() timezone!: string;
}

export class ClusterDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) labels!: Record<string, string>;
  @ApiProperty({ description: 'API server URL from the kubeconfig.' }) serverUrl!: string;
  @ApiProperty({ enum: ['read-only', 'write-capable', 'unknown'], description: 'What the stored credentials may do, as the last verification found.' }) accessLevel!: string;
  @ApiProperty({ nullable: true, type: String }) serverVersion!: string | null;
  @ApiProperty({ nullable: true, type: ClusterScheduleDto }) schedule!: ClusterScheduleDto | null;
  @ApiProperty() hasCredentials!: boolean;
  @ApiProperty({ nullable: true, type: Date }) lastVerifiedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String }) lastVerificationError!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class ClusterPageDto {
  @ApiProperty({ type: [ClusterDto] }) items!: ClusterDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class VerificationDto {
  @ApiProperty({ enum: ['read-only', 'write-capable', 'unreachable', 'unauthorized', 'unknown'] }) classification!: string;
  @ApiProperty({ type: [String], description: 'Kinds the credential cannot list: rules reading them will report `error`.' })
  unreadableKinds!: string[];
  @ApiProperty({ type: [String] }) notes!: string[];
  @ApiProperty({ nullable: true, type: String, description: 'Why verification failed; null when it passed.' }) error!: string | null;
  @ApiProperty({ type: ClusterDto }) cluster!: ClusterDto;
}
