import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQueryDto } from '../common/pagination.dto.js';
import { coverageStates, fleetSeverities } from './fleet-overview.js';

export const commaList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : value;

export class FleetQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Label selector: `key=value` pairs separated by commas; all must match.', example: 'env=prod,team=payments' })
  @IsOptional()
  @IsString()
  @Length(1, 1024)
  selector?: string;

  @ApiPropertyOptional({ description: 'Comma-separated coverage states.', example: 'stale,unreachable', isArray: true, enum: coverageStates })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @IsIn(coverageStates, { each: true })
  coverage?: (typeof coverageStates)[number][];

  @ApiPropertyOptional({ description: 'Only clusters with open findings of one of these severities.', example: 'critical', isArray: true, enum: fleetSeverities })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @IsIn(fleetSeverities, { each: true })
  severity?: (typeof fleetSeverities)[number][];

  @ApiPropertyOptional({ description: 'A label key: adds per-group aggregates over every matching cluster.', example: 'env' })
  @IsOptional()
  @IsString()
  @Length(1, 317)
  groupBy?: string;

  @ApiPropertyOptional({ enum: ['worst', 'name'], default: 'worst', description: '`worst`: clusters with nothing measured, then lowest score, most critical and high findings.' })
  @IsOptional()
  @IsIn(['worst', 'name'])
  sort: 'worst' | 'name' = 'worst';
}

export class OpenCountsDto {
  @ApiProperty() critical!: number;
  @ApiProperty() high!: number;
  @ApiProperty() medium!: number;
  @ApiProperty() low!: number;
  @ApiProperty() info!: number;
}

export class FleetLastScanDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['succeeded', 'partial', 'failed'] }) status!: string;
  @ApiProperty({ enum: ['manual', 'schedule', 'api'] }) trigger!: string;
  @ApiProperty() requestedAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) finishedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String }) failureReason!: string | null;
}

export class ScoreChangeDto {
  @ApiProperty({ description: 'When the compared state was measured (latest finished scan at or before then).' }) since!: Date;
  @ApiProperty({ nullable: true, type: Number, description: 'Score now minus score then.' }) score!: number | null;
  @ApiProperty({ description: 'Open critical findings now minus then.' }) critical!: number;
  @ApiProperty({ description: 'Open high findings now minus then.' }) high!: number;
}

export class FleetChangeDto {
  @ApiProperty({ type: ScoreChangeDto, nullable: true }) days7!: ScoreChangeDto | null;
  @ApiProperty({ type: ScoreChangeDto, nullable: true }) days30!: ScoreChangeDto | null;
}

export class KubernetesSupportDto {
  @ApiProperty({ nullable: true, type: String, example: 'v1.31.4' }) version!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '1.31' }) minor!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2025-10-28', description: 'End of upstream support of its minor release.' }) endOfLife!: string | null;
  @ApiProperty({ enum: ['supported', 'end-of-life', 'unknown'] }) status!: string;
  @ApiProperty({ nullable: true, type: Number }) patchesBehind!: number | null;
}

export class CoverageDto {
  @ApiProperty({ enum: coverageStates }) state!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ type: [String], description: 'Kinds the latest finished scan could not read.' }) missingKinds!: string[];
  @ApiProperty({ nullable: true, type: Date }) lastSuccessAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'Stale once this passes without a successful scan.' }) staleAfter!: Date | null;
}

export class FleetClusterDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) labels!: Record<string, string>;
  @ApiProperty({ type: FleetLastScanDto, nullable: true, description: 'The newest scan that ended.' }) lastScan!: FleetLastScanDto | null;
  @ApiProperty({ description: 'A scan is queued or running.' }) scanning!: boolean;
  @ApiProperty({ enum: ['measured', 'unknown'], description: '`unknown`: never measured (never scanned or every scan failed); never compliant.' })
  compliance!: string;
  @ApiProperty({ nullable: true, type: Number }) score!: number | null;
  @ApiProperty({ type: OpenCountsDto, nullable: true, description: 'Open findings of the latest finished scan.' }) open!: OpenCountsDto | null;
  @ApiProperty({ type: FleetChangeDto }) change!: FleetChangeDto;
  @ApiProperty({ type: KubernetesSupportDto }) kubernetes!: KubernetesSupportDto;
  @ApiProperty({ type: CoverageDto }) coverage!: CoverageDto;
  @ApiProperty({ ...{ type: 'array', items: { type: 'number', nullable: true } }, description: 'Scores of the last (up to 12) finished scans, oldest first: a sparkline.' })
  recentScores!: (number | null)[];
}

export class CoverageCountsDto {
  @ApiProperty() current!: number;
  @ApiProperty() stale!: number;
  @ApiProperty() unreachable!: number;
  @ApiProperty() partial!: number;
  @ApiProperty({ name: 'never-scanned' }) 'never-scanned'!: number;
}

export class FleetGroupDto {
  @ApiProperty() key!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null: clusters without the label.' }) value!: string | null;
  @ApiProperty() clusters!: number;
  @ApiProperty({ description: 'Clusters with nothing measured.' }) unknown!: number;
  @ApiProperty({ nullable: true, type: Number }) averageScore!: number | null;
  @ApiProperty({ nullable: true, type: Number }) minScore!: number | null;
  @ApiProperty({ type: OpenCountsDto }) open!: OpenCountsDto;
  @ApiProperty({ type: CoverageCountsDto }) coverage!: CoverageCountsDto;
}

export class FleetPageDto {
  @ApiProperty({ type: [FleetClusterDto] }) items!: FleetClusterDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty({ description: 'Clusters matching the filters (all pages).' }) total!: number;
  @ApiProperty({ type: CoverageCountsDto, description: 'Matching clusters per coverage state.' }) coverage!: CoverageCountsDto;
  @ApiProperty({ type: [FleetGroupDto], nullable: true, description: 'Per-group aggregates when groupBy is given.' }) groups!: FleetGroupDto[] | null;
  @ApiProperty() generatedAt!: Date;
}

export class DriftQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The cluster compared against.' })
  @IsUUID()
  base!: string;

  @ApiProperty({ description: 'Another cluster id, or a label selector (`env=staging`) naming the clusters to compare.', example: 'env=staging' })
  @IsString()
  @Length(1, 1024)
  compare!: string;
}

export class DivergenceDto {
  @ApiProperty({ type: [String], description: 'Failing in the base, passing in the compared cluster.' }) failingOnlyInBase!: string[];
  @ApiProperty({ type: [String], description: 'Failing in the compared cluster, passing in the base.' }) failingOnlyInCompare!: string[];
}

export class NamespaceDivergenceDto {
  @ApiProperty({ type: [String] }) defaultDenyOnlyInBase!: string[];
  @ApiProperty({ type: [String] }) defaultDenyOnlyInCompare!: string[];
}

export class NamespaceDriftDto {
  @ApiProperty({ type: NamespaceDivergenceDto, nullable: true, description: 'null when a side could not evaluate it.' }) ingress!: NamespaceDivergenceDto | null;
  @ApiProperty({ type: NamespaceDivergenceDto, nullable: true }) egress!: NamespaceDivergenceDto | null;
}

export class DriftClusterDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Its latest finished scan; null when never measured.' }) scanId!: string | null;
  @ApiProperty({ nullable: true, type: Date }) collectedAt!: Date | null;
}

export class DriftComparisonDto {
  @ApiProperty({ type: DriftClusterDto }) cluster!: DriftClusterDto;
  @ApiProperty({ type: DivergenceDto }) rules!: DivergenceDto;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/DivergenceDto' }, description: 'framework id → controls.' })
  controls!: Record<string, DivergenceDto>;
  @ApiProperty({ type: NamespaceDriftDto }) namespaces!: NamespaceDriftDto;
}

export class DriftDto {
  @ApiProperty({ type: DriftClusterDto }) base!: DriftClusterDto;
  @ApiProperty({ type: [DriftComparisonDto] }) comparisons!: DriftComparisonDto[];
  @ApiProperty({ type: [DriftClusterDto], description: 'Compared clusters never measured: nothing to compare, never counted alike.' })
  unmeasured!: DriftClusterDto[];
}
