import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsInstant } from '../common/instant.decorator.js';

const roles = ['owner', 'admin', 'auditor'] as const;

export class CreateApiKeyDto {
  @ApiProperty({ example: 'ci-pipeline', description: 'What the key is for; shown in listings and the audit log.' })
  @IsString()
  @Length(1, 100)
  @Matches(/^[\w .:@-]+$/, { message: 'name may contain letters, digits, spaces and . : @ _ -' })
  name!: string;

  @ApiProperty({ enum: roles })
  @IsIn(roles)
  role!: (typeof roles)[number];

  @ApiPropertyOptional({ description: 'When the key stops working (ISO 8601). Omit for no expiry.' })
  @IsOptional()
  @IsInstant()
  expiresAt?: Date;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Public part of the key, to recognise it.', example: 'k3x9q2m7a1b0' }) prefix!: string;
  @ApiProperty({ enum: roles }) role!: (typeof roles)[number];
  @ApiProperty({ nullable: true, type: Date }) expiresAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) lastUsedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) revokedAt!: Date | null;
  @ApiProperty() createdAt!: Date;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The whole key. Shown only in this response: store it now.' }) token!: string;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] }) items!: ApiKeyDto[];
}
