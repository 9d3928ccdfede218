import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { anyString, integerBetween, type FieldCheck } from './precompiled-query.js';

export class PageQueryDto {
  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;
}

/** PageQueryDto's precompiled checks (precompiled-query.ts), for the DTOs that extend it. */
export const pageQueryChecks: Record<string, FieldCheck> = { cursor: anyString, limit: integerBetween(1, 500) };
