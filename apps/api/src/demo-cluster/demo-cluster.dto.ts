import { ApiProperty } from '@nestjs/swagger';
import { ClusterDto } from '../clusters/cluster.dto.js';
import { ScanDto } from '../scans/scan.dto.js';

export class DemoClusterDto {
  @ApiProperty({ type: ClusterDto, nullable: true, description: 'The tenant\'s demo cluster; null until one is added.' }) cluster!: ClusterDto | null;
  @ApiProperty({ type: ScanDto, nullable: true, description: 'The scan requested by this call; null when none was.' }) scan!: ScanDto | null;
}
