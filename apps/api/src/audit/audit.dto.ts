import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID } from 'class-validator';
import { PageQueryDto } from '../common/pagination.dto.js';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'cluster.create' })
  @IsOptional()
  @IsString()
  action?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  targetId?: string;
}

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'cluster.create' }) action!: string;
  @ApiProperty({ example: 'api-key:ci' }) actor!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorKeyId!: string | null;
  @ApiProperty({ example: 'cluster' }) targetType!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) targetId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) sourceIp!: string | null;
  @ApiProperty({ nullable: true, type: String }) correlationId!: string | null;
  @ApiProperty() createdAt!: Date;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items!: AuditEventDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
