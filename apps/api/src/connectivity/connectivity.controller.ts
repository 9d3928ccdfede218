import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ConnectivityAnswerDto, ConnectivityDto, ConnectivityQueryDto } from './connectivity.dto.js';
import { ConnectivityService } from './connectivity.service.js';

@ApiTags('connectivity')
@ApiBearerAuth()
@Controller('v1/clusters/:id/connectivity')
export class ConnectivityController {
  constructor(private readonly connectivity: ConnectivityService) {}

  @Get()
  @ApiOkResponse({ type: ConnectivityDto, description: "The cluster's NetworkPolicy reachability from its latest scan: a graph of workloads and allowed connections." })
  graph(@Param('id', new ParseUUIDPipe()) clusterId: string): Promise<ConnectivityDto> {
    return this.connectivity.graph(clusterId);
  }

  @Get('query')
  @ApiOkResponse({ type: ConnectivityAnswerDto, description: 'Can `from` reach `to` on `port`? With the policies that allow or deny it.' })
  query(@Param('id', new ParseUUIDPipe()) clusterId: string, @Query() query: ConnectivityQueryDto): Promise<ConnectivityAnswerDto> {
    return this.connectivity.query(clusterId, query);
  }
}
