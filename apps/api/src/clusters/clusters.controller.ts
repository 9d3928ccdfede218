import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor.decorator.js';
import { JsonTextResponse } from '../common/json-text.js';
import { OwnTransactions, TenantReads } from '../tenancy/tenant-transactions.js';
import type { RequestContext } from '../auth/request-context.js';
import { ClusterDto, ClusterPageDto, ClusterQueryDto, RegisterClusterDto, UpdateClusterDto, VerificationDto } from './cluster.dto.js';
import { ClusterVerificationService } from './cluster-verification.service.js';
import { ClustersService } from './clusters.service.js';

@ApiTags('clusters')
@ApiBearerAuth()
@Controller('v1/clusters')
export class ClustersController {
  constructor(
    private readonly clusters: ClustersService,
    private readonly verification: ClusterVerificationService,
  ) {}

  @Get()
  @TenantReads()
  @JsonTextResponse()
  @ApiOkResponse({ type: ClusterPageDto })
  list(@Query() query: ClusterQueryDto): Promise<string> {
    return this.clusters.list(query);
  }

  @Post()
  @OwnTransactions()
  @ApiCreatedResponse({ type: VerificationDto, description: 'Registered after the kubeconfig passed intake and the cluster confirmed it is read-only.' })
  async register(@Actor() actor: RequestContext, @Body() body: RegisterClusterDto): Promise<VerificationDto> {
    const { cluster, unreadableKinds } = await this.clusters.register(actor, body);
    return { classification: 'read-only', unreadableKinds, notes: [], error: null, cluster };
  }

  @Get(':id')
  @ApiOkResponse({ type: ClusterDto })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ClusterDto> {
    return this.clusters.get(id);
  }

  @Patch(':id')
  @OwnTransactions()
  @ApiOkResponse({ type: ClusterDto })
  update(@Actor() actor: RequestContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateClusterDto): Promise<ClusterDto> {
    return this.clusters.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted: credentials purged, schedule removed, scan history kept.' })
  delete(@Actor() actor: RequestContext, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.clusters.delete(actor, id);
  }

  @Post(':id/verify')
  @OwnTransactions()
  @HttpCode(200)
  @ApiOkResponse({ type: VerificationDto, description: 'Connectivity and permissions checked again with the stored credentials.' })
  verify(@Actor() actor: RequestContext, @Param('id', new ParseUUIDPipe()) id: string): Promise<VerificationDto> {
    return this.verification.verify(actor, id);
  }
}
