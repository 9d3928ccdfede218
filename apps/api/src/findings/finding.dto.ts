import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQueryDto, pageQueryChecks } from '../common/pagination.dto.js';
import { asciiOfLength, listOf, oneOf, precompileQuery, uuid } from '../common/precompiled-query.js';

const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
const statuses = ['open', 'new', 'resolved', 'excepted', 'accepted'] as const;
const splitCommas = (value: string) => value.split(',').map((v) => v.trim()).filter(Boolean);
const commaList = ({ value }: { value: unknown }) => (typeof value === 'string' ? splitCommas(value) : value);

export class FindingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Findings of this scan. Default: the latest finished scan of each cluster.' })
  @IsOptional()
  @IsUUID()
  scanId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this cluster (its latest finished scan unless scanId is given).' })
  @IsOptional()
  @IsUUID()
  clusterId?: string;

  @ApiPropertyOptional({ description: 'Comma-separated severities.', example: 'critical,high' })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @IsIn(severities, { each: true })
  severity?: (typeof severities)[number][];

  @ApiPropertyOptional({ description: 'Comma-separated rule ids.' })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @IsString({ each: true })
  rule?: string[];

  @ApiPropertyOptional({ description: 'Comma-separated rule areas, e.g. networkpolicy,ingress.' })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @IsString({ each: true })
  area?: string[];

  @ApiPropertyOptional({ enum: statuses, description: '`new`: first seen in this scan; `resolved`: in the previous scan but gone in this one.' })
  @IsOptional()
  @IsIn(statuses)
  status?: (typeof statuses)[number];

  @ApiPropertyOptional({ description: 'Only rules mapped to this framework, e.g. cis-k8s-v1.10, nsa-cisa-v1.2, pss-restricted.' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  framework?: string;

  @ApiPropertyOptional({ description: 'Only rules evidencing this control of `framework`, e.g. 5.2.2.' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  control?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 253) namespace?: string;
  @ApiPropertyOptional({ example: 'Deployment' }) @IsOptional() @IsString() @Length(1, 63) kind?: string;
  @ApiPropertyOptional({ description: 'Resource name.' }) @IsOptional() @IsString() @Length(1, 253) name?: string;
}

// The same rules as the decorators above, for the common valid query (precompiled-query.ts).
precompileQuery(FindingQueryDto, {
  ...pageQueryChecks,
  scanId: uuid,
  clusterId: uuid,
  severity: listOf(splitCommas, severities),
  rule: listOf(splitCommas),
  area: listOf(splitCommas),
  status: oneOf(statuses),
  framework: asciiOfLength(1, 64),
  control: asciiOfLength(1, 64),
  namespace: asciiOfLength(1, 253),
  kind: asciiOfLength(1, 63),
  name: asciiOfLength(1, 253),
});

export class FindingResourceDto {
  @ApiProperty() apiVersion!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ nullable: true, type: String }) namespace!: string | null;
  @ApiProperty() name!: string;
}

export class ControlRefDto {
  @ApiProperty({ example: 'cis-k8s-v1.10' }) framework!: string;
  @ApiProperty({ example: '5.2.2' }) control!: string;
}

export class FindingRuleDto {
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'Why it matters.' }) rationale!: string;
  @ApiProperty({ description: 'How to fix it.' }) remediation!: string;
  @ApiProperty({ nullable: true, type: String, description: 'A YAML example of the fix.' }) remediationExample!: string | null;
  @ApiProperty({ type: [ControlRefDto] }) controls!: ControlRefDto[];
}

export class FindingDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clusterId!: string;
  @ApiProperty({ format: 'uuid' }) scanId!: string;
  @ApiProperty() ruleId!: string;
  @ApiProperty() area!: string;
  @ApiProperty({ enum: severities }) severity!: string;
  @ApiProperty({ enum: ['open', 'excepted', 'accepted'] }) status!: string;
  @ApiProperty({ description: 'Same problem on the same resource keeps its fingerprint across scans.' }) fingerprint!: string;
  @ApiProperty({ type: FindingResourceDto }) resource!: FindingResourceDto;
  @ApiProperty({ nullable: true, type: String }) container!: string | null;
  @ApiProperty() message!: string;
  @ApiProperty({
    description: 'Where the problem is: JSON pointers (RFC 6901) into the resource, each with the value found there (redacted when it may be confidential).',
    type: 'array',
    items: { type: 'object', required: ['pointer'], properties: { pointer: { type: 'string' }, value: { description: 'Any JSON value.' } } },
  })
  evidence!: unknown;
  @ApiProperty({ nullable: true, enum: ['internet', 'cluster', 'isolated'] }) exposure!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) exceptionId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The scan that first reported this problem.' })
  firstSeenScanId!: string | null;
  @ApiProperty({ format: 'uuid', description: 'The latest scan that reported it (the scan of this row).' }) lastSeenScanId!: string;
  @ApiProperty({ type: FindingRuleDto, nullable: true, description: 'Rule metadata; null for a rule this version no longer has.' })
  rule!: FindingRuleDto | null;
  @ApiProperty() createdAt!: Date;
}

export class FindingPageDto {
  @ApiProperty({ type: [FindingDto] }) items!: FindingDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
