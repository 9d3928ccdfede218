import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsEmail, IsObject, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { ReportScopeDto, ReportScopeViewDto, storedReportFormats } from '../reports/report.dto.js';

export class CreateReportScheduleDto {
  @ApiProperty({ example: 'Weekly CIS for the auditor' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: '0 6 * * 1', description: 'Five-field cron expression.' })
  @IsString()
  @Length(9, 100)
  cron!: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', default: 'UTC', description: 'IANA time zone the cron runs in.' })
  @IsOptional()
  @IsString()
  timezone?: string;

  @ApiProperty({ example: 'cis-k8s-v1.10' })
  @IsString()
  @Length(1, 100)
  framework!: string;

  @ApiProperty({ type: ReportScopeDto, description: 'Exactly one of clusterId, selector or fleet: true.' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ReportScopeDto)
  scope!: ReportScopeDto;

  @ApiProperty({ type: [String], enum: storedReportFormats, example: ['pdf', 'json'], description: 'One report per format per run.' })
  @IsArray()
  @ArrayMaxSize(6)
  @IsString({ each: true })
  formats!: string[];

  @ApiPropertyOptional({ type: [String], example: ['auditor@example.com'], description: 'Emailed each report (attached up to the size limit, linked above).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsEmail({}, { each: true })
  emailRecipients?: string[];

  @ApiPropertyOptional({ default: true, description: 'Announce each report as a signed `report.ready` event to the webhooks subscribed to it.' })
  @IsOptional()
  @IsBoolean()
  webhook?: boolean;
}

export class UpdateReportScheduleDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ example: '0 6 * * 1' }) @IsOptional() @IsString() @Length(9, 100) cron?: string;
  @ApiPropertyOptional({ example: 'Europe/Berlin' }) @IsOptional() @IsString() timezone?: string;
  @ApiPropertyOptional({ example: 'cis-k8s-v1.10' }) @IsOptional() @IsString() @Length(1, 100) framework?: string;

  @ApiPropertyOptional({ type: ReportScopeDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ReportScopeDto)
  scope?: ReportScopeDto;

  @ApiPropertyOptional({ type: [String], enum: storedReportFormats })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @IsString({ each: true })
  formats?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsEmail({}, { each: true })
  emailRecipients?: string[];

  @ApiPropertyOptional() @IsOptional() @IsBoolean() webhook?: boolean;
}

export class ReportScheduleDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() cron!: string;
  @ApiProperty() timezone!: string;
  @ApiProperty() framework!: string;
  @ApiProperty({ type: ReportScopeViewDto }) scope!: ReportScopeViewDto;
  @ApiProperty({ type: [String], enum: storedReportFormats }) formats!: string[];
  @ApiProperty({ type: [String] }) emailRecipients!: string[];
  @ApiProperty() webhook!: boolean;
  @ApiProperty({ type: [Date], description: 'The next five run times (UTC), computed in the schedule\'s time zone.' }) nextRuns!: Date[];
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class ReportSchedulePageDto {
  @ApiProperty({ type: [ReportScheduleDto] }) items!: ReportScheduleDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
