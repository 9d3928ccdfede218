import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
}

export class DependencyStatusDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';
  @ApiPropertyOptional({ description: 'Round trip in milliseconds, when up.' })
  latencyMs?: number;
  @ApiPropertyOptional({ description: 'Why the dependency is considered down.' })
  error?: string;
}

export class ReadinessChecksDto {
  @ApiProperty({ type: DependencyStatusDto })
  database!: DependencyStatusDto;
  @ApiProperty({ type: DependencyStatusDto })
  redis!: DependencyStatusDto;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ready', 'unavailable'] })
  status!: 'ready' | 'unavailable';
  @ApiProperty({ type: [String], enum: ['database', 'redis'], description: 'Dependencies that are down.' })
  failing!: ('database' | 'redis')[];
  @ApiProperty({ type: ReadinessChecksDto })
  checks!: ReadinessChecksDto;
}
