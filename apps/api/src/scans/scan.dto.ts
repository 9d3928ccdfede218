import { ApiProperty } from '@nestjs/swagger';

export class ScanPhasesDto {
  @ApiProperty({ description: 'Listing the cluster API (ms, timed by the worker).' }) collect!: number;
  @ApiProperty({ description: 'Evaluating the rules, reachability included, and encoding the results (ms, timed by the worker).' })
  evaluate!: number;
  @ApiProperty({ description: 'Writing findings and results (ms, timed by the database within its transaction).' }) store!: number;
}

export class ScanDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clusterId!: string;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'partial', 'failed'] }) status!: string;
  @ApiProperty({ enum: ['manual', 'schedule', 'api'] }) trigger!: string;
  @ApiProperty() requestedAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) startedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) finishedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the scan failed.' }) failureReason!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What could not be read (coverage gaps).' })
  coverage!: Record<string, unknown>;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: 'Counts by severity, area, rule and framework; scores.' })
  summary!: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: Number }) score!: number | null;
  @ApiProperty({
    nullable: true,
    type: ScanPhasesDto,
    description: 'How long each phase took; null until the scan finished with results. `startedAt` and `finishedAt` are read from the clock when each happened (the results commit).',
  })
  phasesMs!: ScanPhasesDto | null;
}

export class ScanPageDto {
  @ApiProperty({ type: [ScanDto] }) items!: ScanDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
