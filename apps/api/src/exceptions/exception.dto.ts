import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsInstant } from '../common/instant.decorator.js';
import { PageQueryDto } from '../common/pagination.dto.js';

const modes = ['except', 'accept'] as const;
const states = ['active', 'expired', 'revoked', 'all'] as const;
const pattern = /^[A-Za-z0-9*?._-]{1,253}$/;

export class CreateExceptionDto {
  @ApiPropertyOptional({ description: 'Rule id (or a glob such as `pod-*`); omit to cover every rule.', example: 'container-privileged' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9*?-]{1,100}$/, { message: 'ruleId is a rule id or a glob of one (lowercase letters, digits, -, *, ?)' })
  ruleId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this cluster; omit for every cluster.' })
  @IsOptional()
  @IsUUID()
  clusterId?: string;

  @ApiPropertyOptional({ default: '*', description: 'Namespace glob.' })
  @IsOptional()
  @Matches(pattern, { message: 'namespacePattern is a name or a glob (*, ?)' })
  namespacePattern?: string;

  @ApiPropertyOptional({ default: '*', description: 'Resource name glob.' })
  @IsOptional()
  @Matches(pattern, { message: 'namePattern is a name or a glob (*, ?)' })
  namePattern?: string;

  @ApiPropertyOptional({ example: 'DaemonSet' })
  @IsOptional()
  @Matches(/^[A-Z][A-Za-z0-9]{0,62}$/, { message: 'kind is a Kubernetes kind such as Deployment' })
  kind?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: 'Labels the resource must carry.' })
  @IsOptional()
  @IsObject()
  labels?: Record<string, string>;

  @ApiPropertyOptional({ description: 'Container name, for container-level findings.' })
  @IsOptional()
  @IsString()
  @Length(1, 63)
  container?: string;

  @ApiProperty({ description: 'Why this deviation is acceptable; shown with every finding it covers.', minLength: 10 })
  @IsString()
  @Length(10, 2000)
  justification!: string;

  @ApiProperty({ description: 'Who answers for it (person or team).', example: 'platform-team' })
  @IsString()
  @Length(1, 200)
  owner!: string;

  @ApiProperty({ description: 'When it stops applying (ISO 8601, in the future). Mandatory: waivers do not live forever.' })
  @IsInstant()
  expiresAt!: Date;

  @ApiPropertyOptional({ description: 'Cover only the finding with this fingerprint: a change in its evidence ends the waiver.' })
  @IsOptional()
  @Matches(/^[0-9a-f]{32}$/, { message: 'evidenceFingerprint is the 32 hex characters of a finding fingerprint' })
  evidenceFingerprint?: string;

  @ApiPropertyOptional({ enum: modes, default: 'except', description: '`except`: a justified deviation; `accept`: an accepted risk.' })
  @IsOptional()
  @IsIn(modes)
  mode?: (typeof modes)[number];
}

export class ExceptionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: states, default: 'active' })
  @IsOptional()
  @IsIn(states)
  state: (typeof states)[number] = 'active';

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  clusterId?: string;
}

export class ExceptionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) ruleId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) clusterId!: string | null;
  @ApiProperty() namespacePattern!: string;
  @ApiProperty() namePattern!: string;
  @ApiProperty({ nullable: true, type: String }) kind!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) labels!: Record<string, string>;
  @ApiProperty({ nullable: true, type: String }) container!: string | null;
  @ApiProperty() justification!: string;
  @ApiProperty() owner!: string;
  @ApiProperty() expiresAt!: Date;
  @ApiProperty({ nullable: true, type: String }) evidenceFingerprint!: string | null;
  @ApiProperty({ enum: modes }) mode!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) createdByKeyId!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) revokedAt!: Date | null;
}

export class ExceptionPageDto {
  @ApiProperty({ type: [ExceptionDto] }) items!: ExceptionDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
