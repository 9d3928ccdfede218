import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { asciiOfLength, oneOf, precompileQuery, utcTime, uuid } from '../common/precompiled-query.js';

export const trendBuckets = ['scan', 'day', 'week', 'month'] as const;
export const lifecycleGroupings = ['severity', 'rule', 'area'] as const;

/** One cluster, a label selector, or (neither) the whole fleet. */
export class TrendScopeQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this cluster.' })
  @IsOptional()
  @IsUUID()
  clusterId?: string;

  @ApiPropertyOptional({ description: 'Clusters carrying every label: `key=value` pairs separated by commas.', example: 'env=prod,team=payments' })
  @IsOptional()
  @IsString()
  @Length(1, 1024)
  selector?: string;

  @ApiPropertyOptional({ description: 'Start (inclusive), ISO 8601. Default: 30 days before `to`.', example: '2026-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'End (exclusive), ISO 8601. Default: now.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class TrendQueryDto extends TrendScopeQueryDto {
  @ApiPropertyOptional({ enum: trendBuckets, default: 'day', description: '`scan`: one point per scan (one cluster only).' })
  @IsOptional()
  @IsIn(trendBuckets)
  bucket: (typeof trendBuckets)[number] = 'day';

  @ApiPropertyOptional({ default: 'UTC', description: 'IANA time zone in which days, weeks (Monday first) and months begin.', example: 'Europe/Berlin' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  timeZone: string = 'UTC';

  @ApiPropertyOptional({ description: 'Adds per-control status counts of this framework, e.g. cis-k8s-v1.10.' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  framework?: string;
}

export class MttrQueryDto extends TrendScopeQueryDto {
  @ApiPropertyOptional({ enum: lifecycleGroupings, default: 'severity' })
  @IsOptional()
  @IsIn(lifecycleGroupings)
  groupBy: (typeof lifecycleGroupings)[number] = 'severity';
}

// The same rules as the decorators above, for the common valid query (precompiled-query.ts).
const scopeQueryChecks = { clusterId: uuid, selector: asciiOfLength(1, 1024), from: utcTime, to: utcTime };
precompileQuery(TrendQueryDto, { ...scopeQueryChecks, bucket: oneOf(trendBuckets), timeZone: asciiOfLength(1, 64), framework: asciiOfLength(1, 64) });
precompileQuery(MttrQueryDto, { ...scopeQueryChecks, groupBy: oneOf(lifecycleGroupings) });

export class TrendScopeDto {
  @ApiProperty({ enum: ['cluster', 'selector', 'fleet'] }) kind!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) clusterId!: string | null;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: { type: 'string' } }) labels!: Record<string, string> | null;
  @ApiProperty({ description: 'Live clusters in scope now (deleted clusters keep their history in the series).' }) clusters!: number;
}

export class SeverityNumbersDto {
  @ApiProperty({ type: [Number] }) critical!: number[];
  @ApiProperty({ type: [Number] }) high!: number[];
  @ApiProperty({ type: [Number] }) medium!: number[];
  @ApiProperty({ type: [Number] }) low!: number[];
  @ApiProperty({ type: [Number] }) info!: number[];
}

const nullableNumbers = { type: 'array', items: { type: 'number', nullable: true } } as const;
const numberMap = { type: 'object', additionalProperties: { type: 'array', items: { type: 'number' } } } as const;
const nullableNumberMap = { type: 'object', additionalProperties: nullableNumbers } as const;

export class TrendSeriesDto {
  @ApiProperty({ type: [Number], description: 'Clusters with a scan in the bucket.' }) clusters!: number[];
  @ApiProperty({ type: [Number], description: 'Scans in the bucket.' }) scans!: number[];
  @ApiProperty({ ...nullableNumbers, description: 'Mean score of the last scan of each cluster in the bucket.' }) score!: (number | null)[];
  @ApiProperty({ ...nullableNumbers, description: 'Lowest of those scores.' }) minScore!: (number | null)[];
  @ApiProperty({ ...nullableNumberMap, description: 'framework id → mean score per bucket.' }) scoreByFramework!: Record<string, (number | null)[]>;
  @ApiProperty({ type: SeverityNumbersDto, description: 'Open findings (waived ones excluded) by severity.' }) open!: SeverityNumbersDto;
  @ApiProperty({ ...numberMap, description: 'area → open findings per bucket.' }) openByArea!: Record<string, number[]>;
  @ApiProperty({ type: [Number], description: 'Findings covered by a waiver.' }) waived!: number[];
  @ApiProperty({ type: [Number], description: 'Findings new in the bucket\'s scans (a baseline scan adds none).' }) new!: number[];
  @ApiProperty({ type: [Number], description: 'Findings resolved in the bucket\'s scans.' }) resolved!: number[];
  @ApiProperty({ type: [Number], description: 'Waivers created in the bucket.' }) exceptionsAdded!: number[];
  @ApiProperty({ type: [Number], description: 'Waivers in force expiring in the bucket.' }) exceptionsExpiring!: number[];
  @ApiProperty({ ...numberMap, nullable: true, description: 'With `framework`: control status (pass, fail, manual, not-applicable, not-assessable) → controls per bucket, summed over clusters.' })
  controls!: Record<string, number[]> | null;
}

export class TrendDto {
  @ApiProperty({ type: TrendScopeDto }) scope!: TrendScopeDto;
  @ApiProperty() from!: Date;
  @ApiProperty() to!: Date;
  @ApiProperty({ enum: trendBuckets }) bucket!: string;
  @ApiProperty() timeZone!: string;
  @ApiProperty({ nullable: true, type: String }) framework!: string | null;
  @ApiProperty({ type: [String], format: 'date-time', description: 'Start of each bucket with data (the series are parallel arrays).' }) buckets!: string[];
  @ApiProperty({ type: [String], description: 'Local start of each bucket in timeZone, YYYY-MM-DDTHH:MM:SS.' }) localBuckets!: string[];
  @ApiProperty({ type: TrendSeriesDto }) series!: TrendSeriesDto;
}

export class ResolvedStatsDto {
  @ApiProperty() count!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Mean time to resolve (first seen → resolved), hours.' }) meanHours!: number | null;
  @ApiProperty({ nullable: true, type: Number }) medianHours!: number | null;
  @ApiProperty({ nullable: true, type: Number }) p90Hours!: number | null;
}

export class OpenAgeStatsDto {
  @ApiProperty() count!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Mean age now (first seen → now), hours.' }) meanAgeHours!: number | null;
  @ApiProperty({ nullable: true, type: Number }) medianAgeHours!: number | null;
  @ApiProperty({ nullable: true, type: Number }) maxAgeHours!: number | null;
  @ApiProperty({ description: 'Open since the baseline scan: their real age is at least this.' }) fromBaseline!: number;
}

export class MttrGroupDto {
  @ApiProperty({ description: 'The severity, rule id or area.' }) key!: string;
  @ApiProperty({ type: ResolvedStatsDto }) resolved!: ResolvedStatsDto;
  @ApiProperty({ type: OpenAgeStatsDto }) open!: OpenAgeStatsDto;
}

export class MttrDto {
  @ApiProperty({ type: TrendScopeDto }) scope!: TrendScopeDto;
  @ApiProperty({ description: 'Resolutions counted from here (inclusive).' }) from!: Date;
  @ApiProperty({ description: '… to here (exclusive); open ages are measured now.' }) to!: Date;
  @ApiProperty({ enum: lifecycleGroupings }) groupBy!: string;
  @ApiProperty({
    type: [String],
    example: ['resolved.medianHours', 'resolved.p90Hours', 'open.medianAgeHours'],
    description:
      'Figures of every group that are estimates (empty: all exact). Over the whole fleet, medians and p90 come from histograms: ' +
      'resolution times within 4.5 % (or one minute) of the exact value, open ages within one hour. Counts, means, maxAgeHours and fromBaseline are always exact.',
  })
  approximate!: string[];
  @ApiProperty({ type: [MttrGroupDto] }) groups!: MttrGroupDto[];
}
